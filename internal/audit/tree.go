package audit

import (
	"fmt"
	"math/bits"
)

// Frontier is the compact range of a growing tree: the roots of the perfect
// subtrees that make up its first Size leaves, largest first. Appending a
// leaf costs one leaf's worth of node hashes on average, and the root is
// O(log n) hashes away, so a whole log is checked in one pass with O(log n)
// memory.
type Frontier struct {
	size   uint64
	hashes []Hash
	h      Hasher
	// OnNode, when set, is called for every perfect subtree completed by
	// Append: 2^level leaves starting at leaf index<<level (level 0 is the leaf).
	OnNode func(level uint, index uint64, h Hash)
}

// Size is the number of leaves appended.
func (f *Frontier) Size() uint64 { return f.size }

// Append adds the next leaf.
func (f *Frontier) Append(leaf Hash) {
	f.emit(0, f.size, leaf)
	f.hashes = append(f.hashes, leaf)
	level := uint(0)
	for i := f.size; i&1 == 1; i >>= 1 {
		k := len(f.hashes)
		node := f.h.Node(f.hashes[k-2], f.hashes[k-1])
		f.hashes = append(f.hashes[:k-2], node)
		level++
		f.emit(level, i>>1, node)
	}
	f.size++
}

func (f *Frontier) emit(level uint, index uint64, h Hash) {
	if f.OnNode != nil {
		f.OnNode(level, index, h)
	}
}

// Root is the Merkle tree hash of the leaves appended (RFC 9162 MTH).
func (f *Frontier) Root() Hash {
	if len(f.hashes) == 0 {
		return EmptyRoot
	}
	r := f.hashes[len(f.hashes)-1]
	for i := len(f.hashes) - 2; i >= 0; i-- {
		r = f.h.Node(f.hashes[i], r)
	}
	return r
}

// FrontierAt rebuilds the frontier of a tree of size leaves from its nodes,
// so that appending can resume where a stored tree ends.
func FrontierAt(size uint64, nodes Nodes) (*Frontier, error) {
	f := &Frontier{size: size}
	var start uint64
	for level := 63; level >= 0; level-- {
		if size&(1<<uint(level)) == 0 {
			continue
		}
		h, err := nodes.Node(uint(level), start>>uint(level))
		if err != nil {
			return nil, err
		}
		f.hashes = append(f.hashes, h)
		start += 1 << uint(level)
	}
	return f, nil
}

// Nodes gives the hash of a perfect subtree of a stored tree: 2^level leaves
// starting at leaf index<<level.
type Nodes interface {
	Node(level uint, index uint64) (Hash, error)
}

// Stride is how far apart the levels are that a ledger stores: leaves (level
// 0) and every Stride-th level above them, ≈ n·(1 + 1/2^Stride + …) rows for
// n leaves. A node of another level is computed from at most 2^(Stride-1)
// stored ones, so a proof stays O(log n).
const Stride = 4

// Stored reports whether nodes of level are kept by a ledger.
func Stored(level uint) bool { return level%Stride == 0 }

// Sparse turns a look-up of stored levels into Nodes for every level.
type Sparse func(level uint, index uint64) (Hash, error)

// Node computes the subtree hash from the nearest stored level below.
func (s Sparse) Node(level uint, index uint64) (Hash, error) {
	if Stored(level) {
		return s(level, index)
	}
	l, err := s.Node(level-1, 2*index)
	if err != nil {
		return Hash{}, err
	}
	r, err := s.Node(level-1, 2*index+1)
	if err != nil {
		return Hash{}, err
	}
	return NodeHash(l, r), nil
}

// subtreeHash is MTH(D[lo:hi]) of a tree whose perfect subtrees nodes gives.
// Every range the proofs ask for starts at a multiple of the largest power of
// two not below its length, so its perfect parts are aligned.
func subtreeHash(lo, hi uint64, nodes Nodes) (Hash, error) {
	n := hi - lo
	if n == 0 {
		return EmptyRoot, nil
	}
	if n&(n-1) == 0 {
		level := uint(bits.TrailingZeros64(n))
		if lo%n != 0 {
			return Hash{}, fmt.Errorf("subtree [%d, %d) is not aligned", lo, hi)
		}
		return nodes.Node(level, lo>>level)
	}
	k := split(n)
	l, err := subtreeHash(lo, lo+k, nodes)
	if err != nil {
		return Hash{}, err
	}
	r, err := subtreeHash(lo+k, hi, nodes)
	if err != nil {
		return Hash{}, err
	}
	return NodeHash(l, r), nil
}

// RootOf is the root of the first size leaves of the tree nodes describes.
func RootOf(size uint64, nodes Nodes) (Hash, error) { return subtreeHash(0, size, nodes) }

// split is the largest power of two smaller than n (n ≥ 2).
func split(n uint64) uint64 { return 1 << (63 - bits.LeadingZeros64(n-1)) }
