// Package audit is ezz's tamper-evident audit log: the entries of a ledger
// are the leaves of a Merkle tree hashed as RFC 9162 §2.1 does, with SM3 in
// place of SHA-256, and signed tree heads commit to the tree's size and root.
// An inclusion proof shows an entry is in a head's tree; a consistency proof
// shows a later head's tree extends an earlier one without rewriting it.
//
// The package is pure: it hashes, proves, verifies and signs. Storing entries,
// nodes and heads is the ledger's job (internal/ledger, audit*.go).
package audit

import (
	"encoding/hex"
	"fmt"

	"github.com/emmansun/gmsm/sm3"
)

// Hash is an SM3 digest: a leaf, a node or a root of the tree.
type Hash [32]byte

// String is the hash in lowercase hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText writes the hash as lowercase hex.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads 64 hex digits.
func (h *Hash) UnmarshalText(b []byte) error {
	p, err := ParseHash(string(b))
	if err != nil {
		return err
	}
	*h = p
	return nil
}

// ParseHash reads a hash written as 64 lowercase hex digits.
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 2*len(h) {
		return h, fmt.Errorf("hash %.80q: want 64 hex digits", s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return h, fmt.Errorf("hash %.80q: want lowercase hex digits", s)
		}
	}
	_, err := hex.Decode(h[:], []byte(s))
	return h, err
}

// EmptyRoot is the root of the tree with no leaves: SM3 of nothing.
var EmptyRoot = Hash(sm3.Sum(nil))

// LeafHash is SM3(0x00 ‖ entry), the hash of a leaf whose entry encodes as entry.
func LeafHash(entry []byte) Hash {
	var h Hasher
	return h.Leaf(entry)
}

// NodeHash is SM3(0x01 ‖ left ‖ right), the hash of an interior node.
func NodeHash(left, right Hash) Hash {
	var h Hasher
	return h.Node(left, right)
}

// Hasher computes leaf and node hashes reusing one SM3 state and buffer; the
// zero value is ready. It is not safe for concurrent use.
type Hasher struct {
	buf []byte
}

// Leaf is LeafHash(entry).
func (h *Hasher) Leaf(entry []byte) Hash {
	h.buf = append(append(h.buf[:0], 0x00), entry...)
	return sm3.Sum(h.buf)
}

// Node is NodeHash(left, right).
func (h *Hasher) Node(left, right Hash) Hash {
	h.buf = append(append(append(h.buf[:0], 0x01), left[:]...), right[:]...)
	return sm3.Sum(h.buf)
}
