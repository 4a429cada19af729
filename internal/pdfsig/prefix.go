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
		m, ok := h.(encoding.BinaryMarshaler)
		if !ok {
			return nil, fmt.Errorf("%s state cannot be saved", name)
		}
		st, err := m.MarshalBinary()
		if err != nil {
			return nil, err
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
	h := newHash()
	if p == nil || !bytes.HasPrefix(doc, p.data) {
		return h, 0
	}
	u, ok := h.(encoding.BinaryUnmarshaler)
	if !ok || u.UnmarshalBinary(p.states[name]) != nil {
		return newHash(), 0
	}
	return h, len(p.data)
}

// SM3 is the SM3 digest of doc, resumed after the prefix when doc starts with it.
func (p *Prefix) SM3(doc []byte) []byte {
	h, n := p.hash("SM3", sm3.New, doc)
	h.Write(doc[n:])
	return h.Sum(nil)
}
