package pdfsig

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm3"
)

// Prefix holds the digest states of leading bytes that many documents share.
// A renderer writes the same images at the start of every certificate it
// draws; hashing them once per run instead of once per document halves the
// digest work of signing and of the file's SM3 in the ledger.
type Prefix struct {
	data   []byte
	states map[string][]byte // suite name ("SM3", "SHA-256") → marshalled hash state
}

// NewPrefix hashes data, the bytes the documents will start with.
func NewPrefix(data []byte) (*Prefix, error) {
	p := &Prefix{data: data, states: map[string][]byte{}}
	for name, newHash := range map[string]func() hash.Hash{"SM3": sm3.New, "SHA-256": sha256.New} {
		h := newHash()
		h.Write(data)
		st := hashState(h)
		if st == nil {
			return nil, fmt.Errorf("%s state cannot be saved", name)
		}
		p.states[name] = st
	}
	return p, nil
}

// Len is the length of the shared leading bytes.
func (p *Prefix) Len() int {
	if p == nil {
		return 0
	}
	return len(p.data)
}

// hash returns a new hash that has consumed doc[:n]: the prefix when doc
// starts with it (n = its length), else nothing (n = 0). A nil Prefix is allowed.
func (p *Prefix) hash(name string, newHash func() hash.Hash, doc []byte) (hash.Hash, int) {
	if p == nil || !bytes.HasPrefix(doc, p.data) {
		return newHash(), 0
	}
	if h := resumed(newHash, p.states[name]); h != nil {
		return h, len(p.data)
	}
	return newHash(), 0
}

// hashState is h's saved state (encoding.BinaryMarshaler), or nil when it
// cannot be saved.
func hashState(h hash.Hash) []byte {
	m, ok := h.(encoding.BinaryMarshaler)
	if !ok {
		return nil
	}
	st, err := m.MarshalBinary()
	if err != nil {
		return nil
	}
	return st
}

// resumed is a new hash of newHash's kind carrying state (from hashState),
// or nil when there is none or it does not load.
func resumed(newHash func() hash.Hash, state []byte) hash.Hash {
	h := newHash()
	u, ok := h.(encoding.BinaryUnmarshaler)
	if state == nil || !ok || u.UnmarshalBinary(state) != nil {
		return nil
	}
	return h
}

// SM3 is the SM3 digest of doc, resumed after the prefix when doc starts with it.
func (p *Prefix) SM3(doc []byte) []byte {
	h, n := p.hash("SM3", sm3.New, doc)
	h.Write(doc[n:])
	return h.Sum(nil)
}
