package issuance

import (
	"sync"

	"ezz/internal/pdfsig"
)

// Prefixer is a Renderer whose documents with one seal all start with the
// same bytes (render.Renderer is one): signing and the file's SM3 resume
// after them instead of hashing them per certificate.
type Prefixer interface {
	Prefix(seal string) ([]byte, error)
}

// prefixes holds the hashed prefix of each seal, made on first use.
type prefixes struct {
	mu     sync.Mutex
	bySeal map[string]*pdfsig.Prefix
}

// of is the hashed prefix of the documents r draws with seal, or nil (no
// resuming, the same result) when r has none.
func (ps *prefixes) of(r Renderer, seal string) *pdfsig.Prefix {
	pr, ok := r.(Prefixer)
	if !ok {
		return nil
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if p, ok := ps.bySeal[seal]; ok {
		return p
	}
	var p *pdfsig.Prefix
	if data, err := pr.Prefix(seal); err == nil {
		p, _ = pdfsig.NewPrefix(data) // nil on failure: hashed in full
	}
	if ps.bySeal == nil {
		ps.bySeal = map[string]*pdfsig.Prefix{}
	}
	ps.bySeal[seal] = p
	return p
}
