package audit

import (
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
)

// ProofFormat names the proof files ezz writes (docs/audit.md).
const ProofFormat = "ezz-audit-proof-v1"

// ProofFile is what `ezz audit prove` writes: a signed head and the
// inclusion proofs of some entries in its tree. It is checked with nothing
// but itself and the issuer's certificate.
type ProofFile struct {
	Format string      `json:"format"`
	Head   Head        `json:"head"`
	Proofs []Inclusion `json:"proofs"`
}

// Inclusion is one entry with its leaf hash and audit path.
type Inclusion struct {
	Label string `json:"label"` // what the entry is to the reader: "issue", "status"…
	Entry Entry  `json:"entry"`
	Leaf  Hash   `json:"leaf"`
	Path  []Hash `json:"path"`
}

// maxProofFile bounds a proof file given on its own (`ezz audit prove`'s,
// of a few entries): a path has at most 64 hashes.
const maxProofFile = 1 << 20

// ParseProofFile reads a proof file of at most 1 MiB.
func ParseProofFile(b []byte) (*ProofFile, error) { return ParseProofFileUpTo(b, maxProofFile) }

// ParseProofFileUpTo reads a proof file of at most max bytes: an archive's
// holds the entries of every certificate it archives, ≈1.7 KB each.
func ParseProofFileUpTo(b []byte, max int) (*ProofFile, error) {
	if len(b) > max {
		return nil, fmt.Errorf("audit proof: larger than %d MiB", max>>20)
	}
	var f ProofFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("audit proof: %w", err)
	}
	if f.Format != ProofFormat {
		return nil, fmt.Errorf("audit proof: format %.40q, want %s", f.Format, ProofFormat)
	}
	if len(f.Proofs) == 0 {
		return nil, errors.New("audit proof: no entries")
	}
	return &f, nil
}

// Check verifies the head's signature with pub, then each entry: its leaf
// hash is the hash of its encoding and its path leads to the head's root.
func (f *ProofFile) Check(pub crypto.PublicKey) error {
	if err := f.Head.Verify(pub); err != nil {
		return err
	}
	for i := range f.Proofs {
		if err := f.Proofs[i].Check(f.Head); err != nil {
			return fmt.Errorf("%s (entry %d): %w", f.Proofs[i].Label, f.Proofs[i].Entry.Index, err)
		}
	}
	return nil
}

// Check verifies the inclusion against head (whose signature the caller checked).
func (in *Inclusion) Check(head Head) error {
	if len(in.Path) > 64 {
		return fmt.Errorf("%w: a path of %d hashes", ErrProof, len(in.Path))
	}
	if got := in.Entry.Leaf(); got != in.Leaf {
		return fmt.Errorf("%w: the entry hashes to %s, not to the leaf %s", ErrProof, got, in.Leaf)
	}
	return VerifyInclusion(in.Entry.Index, head.Size, in.Leaf, in.Path, head.Root)
}

// ConsistencyFile is what `ezz audit consistency` writes: two heads and the
// proof that the newer one's tree extends the older one's.
type ConsistencyFile struct {
	Format string `json:"format"` // ConsistencyFormat
	Old    Head   `json:"old"`
	New    Head   `json:"new"`
	Path   []Hash `json:"path"`
}

// ConsistencyFormat names consistency proof files.
const ConsistencyFormat = "ezz-audit-consistency-v1"

// Tree is a whole tree in memory, built from its leaves: every level kept,
// ≈ 64 bytes a leaf. It serves Nodes for proofs of many entries at once.
type Tree struct {
	levels [][]Hash
}

// NewTree builds the tree of leaves.
func NewTree(leaves []Hash) *Tree {
	t := &Tree{levels: [][]Hash{leaves}}
	var h Hasher
	for cur := leaves; len(cur) > 1; {
		next := make([]Hash, len(cur)/2)
		for i := range next {
			next[i] = h.Node(cur[2*i], cur[2*i+1])
		}
		t.levels = append(t.levels, next)
		cur = next
	}
	return t
}

// Node is the perfect subtree at level and index.
func (t *Tree) Node(level uint, index uint64) (Hash, error) {
	if int(level) >= len(t.levels) || index >= uint64(len(t.levels[level])) {
		return Hash{}, fmt.Errorf("tree node %d/%d is beyond the tree", level, index)
	}
	return t.levels[level][index], nil
}
