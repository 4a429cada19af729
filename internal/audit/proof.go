package audit

import (
	"errors"
	"fmt"
)

// ErrProof is returned when a proof does not verify.
var ErrProof = errors.New("audit proof does not verify")

// InclusionProof is the audit path of leaf m in the tree of the first n
// leaves (RFC 9162 §2.1.3.1, PATH(m, D[n])), nearest the leaf first.
func InclusionProof(m, n uint64, nodes Nodes) ([]Hash, error) {
	if m >= n {
		return nil, fmt.Errorf("leaf %d is not in a tree of %d leaves", m, n)
	}
	return path(m, 0, n, nodes)
}

func path(m, lo, hi uint64, nodes Nodes) ([]Hash, error) {
	if hi-lo == 1 {
		return nil, nil
	}
	k := lo + split(hi-lo)
	var sub []Hash
	var sib Hash
	var err error
	if m < k {
		if sub, err = path(m, lo, k, nodes); err == nil {
			sib, err = subtreeHash(k, hi, nodes)
		}
	} else {
		if sub, err = path(m, k, hi, nodes); err == nil {
			sib, err = subtreeHash(lo, k, nodes)
		}
	}
	if err != nil {
		return nil, err
	}
	return append(sub, sib), nil
}

// VerifyInclusion checks that leaf is the hash of leaf index of the tree of
// size leaves whose root is root (RFC 9162 §2.1.3.2).
func VerifyInclusion(index, size uint64, leaf Hash, proof []Hash, root Hash) error {
	if index >= size {
		return fmt.Errorf("%w: leaf %d is not in a tree of %d leaves", ErrProof, index, size)
	}
	var h Hasher
	fn, sn, r := index, size-1, leaf
	for _, p := range proof {
		if sn == 0 {
			return fmt.Errorf("%w: the path is longer than the tree is deep", ErrProof)
		}
		if fn&1 == 1 || fn == sn {
			r = h.Node(p, r)
			for fn&1 == 0 && fn != 0 {
				fn, sn = fn>>1, sn>>1
			}
		} else {
			r = h.Node(r, p)
		}
		fn, sn = fn>>1, sn>>1
	}
	if sn != 0 {
		return fmt.Errorf("%w: the path is shorter than the tree is deep", ErrProof)
	}
	if r != root {
		return fmt.Errorf("%w: the path leads to root %s, not %s", ErrProof, r, root)
	}
	return nil
}

// ConsistencyProof proves that the tree of the first m leaves is a prefix of
// the tree of the first n (RFC 9162 §2.1.4.1, PROOF(m, D[n])).
func ConsistencyProof(m, n uint64, nodes Nodes) ([]Hash, error) {
	switch {
	case m > n:
		return nil, fmt.Errorf("a tree of %d leaves cannot extend one of %d", n, m)
	case m == 0 || m == n:
		return nil, nil
	}
	return subproof(m, 0, n, true, nodes)
}

// subproof is SUBPROOF(m, D[lo:hi], b), m counted from lo.
func subproof(m, lo, hi uint64, b bool, nodes Nodes) ([]Hash, error) {
	if m == hi-lo {
		if b {
			return nil, nil
		}
		h, err := subtreeHash(lo, hi, nodes)
		return []Hash{h}, err
	}
	k := split(hi - lo)
	var sub []Hash
	var sib Hash
	var err error
	if m <= k {
		if sub, err = subproof(m, lo, lo+k, b, nodes); err == nil {
			sib, err = subtreeHash(lo+k, hi, nodes)
		}
	} else {
		if sub, err = subproof(m-k, lo+k, hi, false, nodes); err == nil {
			sib, err = subtreeHash(lo, lo+k, nodes)
		}
	}
	if err != nil {
		return nil, err
	}
	return append(sub, sib), nil
}

// VerifyConsistencyPath checks that the tree of size2 leaves with root2 extends
// the tree of size1 leaves with root1 (RFC 9162 §2.1.4.2).
func VerifyConsistencyPath(size1, size2 uint64, root1, root2 Hash, proof []Hash) error {
	switch {
	case size1 > size2:
		return fmt.Errorf("%w: a tree of %d leaves cannot extend one of %d", ErrProof, size2, size1)
	case size1 == size2:
		if len(proof) != 0 || root1 != root2 {
			return fmt.Errorf("%w: two trees of %d leaves with different roots", ErrProof, size1)
		}
		return nil
	case size1 == 0:
		if len(proof) != 0 {
			return fmt.Errorf("%w: the empty tree needs no proof", ErrProof)
		}
		return nil
	case len(proof) == 0:
		return fmt.Errorf("%w: empty consistency proof", ErrProof)
	}
	if size1&(size1-1) == 0 {
		proof = append([]Hash{root1}, proof...)
	}
	var h Hasher
	fn, sn := size1-1, size2-1
	for fn&1 == 1 {
		fn, sn = fn>>1, sn>>1
	}
	fr, sr := proof[0], proof[0]
	for _, c := range proof[1:] {
		if sn == 0 {
			return fmt.Errorf("%w: the proof is longer than the tree is deep", ErrProof)
		}
		if fn&1 == 1 || fn == sn {
			fr, sr = h.Node(c, fr), h.Node(c, sr)
			for fn&1 == 0 && fn != 0 {
				fn, sn = fn>>1, sn>>1
			}
		} else {
			sr = h.Node(sr, c)
		}
		fn, sn = fn>>1, sn>>1
	}
	if fr != root1 || sr != root2 || sn != 0 {
		return fmt.Errorf("%w: the tree of %d leaves does not extend the tree of %d", ErrProof, size2, size1)
	}
	return nil
}
