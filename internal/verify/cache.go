package verify

import (
	"encoding/binary"
	"sync"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/pdfsig"
	"ezz/internal/sign"
)

// Cache carries what one verification run learns from one file for the
// next, never the verdict of a check: the signer chains it built, and the
// leading bytes the files share (pdfsig.Shared). It is safe for concurrent
// use.
//
// A chain is kept only when it verified. It is keyed by the exact DER bytes
// of the signer's certificate and of every certificate the signature carries,
// and used only with the trust it was built against; a hit still checks that
// the signing time lies within the validity of every certificate of the chain
// — the one part of building a chain that depends on the time. Different
// bytes, another trust, or a time outside those windows build the chain
// afresh, so a thousand certificates of one batch (one signer, one chain) pay
// for the chain's signature checks once.
type Cache struct {
	mu     sync.Mutex
	trust  *sign.Trust
	chains map[string][]*smx509.Certificate
	shared pdfsig.Shared
}

// NewCache returns an empty cache for the verifications against trust.
func NewCache(trust *sign.Trust) *Cache {
	return &Cache{trust: trust, chains: map[string][]*smx509.Certificate{}}
}

// prefix is the shared leading bytes of the run's files (nil without a cache).
func (c *Cache) prefix() *pdfsig.Shared {
	if c == nil {
		return nil
	}
	return &c.shared
}

// maxCachedChains bounds the cache: files signed by that many distinct
// chains in one run are past any batch; the rest are built each time.
const maxCachedChains = 1024

// chain returns the signer's chain at the signing time at, from the cache
// when it holds one for these exact certificates that is valid at at.
func (c *Cache) chain(t *sign.Trust, s *pdfsig.Signature, at time.Time) ([]*smx509.Certificate, error) {
	if c == nil || t != c.trust {
		return chainOf(t, s, at)
	}
	key := chainKey(s)
	c.mu.Lock()
	chain, ok := c.chains[key]
	c.mu.Unlock()
	if ok && validAt(chain, at) {
		return chain, nil
	}
	chain, err := chainOf(t, s, at)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.chains) < maxCachedChains {
		c.chains[key] = chain
	}
	c.mu.Unlock()
	return chain, nil
}

// chainKey is the signer's certificate and the carried ones, each prefixed
// by its length so that no two lists of certificates share a key.
func chainKey(s *pdfsig.Signature) string {
	n := 8 + len(s.Signer.Raw)
	for _, c := range s.Certificates {
		n += 8 + len(c.Raw)
	}
	b := make([]byte, 0, n)
	b = binary.BigEndian.AppendUint64(b, uint64(len(s.Signer.Raw)))
	b = append(b, s.Signer.Raw...)
	for _, c := range s.Certificates {
		b = binary.BigEndian.AppendUint64(b, uint64(len(c.Raw)))
		b = append(b, c.Raw...)
	}
	return string(b)
}

// validAt reports whether at lies within the validity of every certificate
// of chain, as smx509 checks it when it builds a chain.
func validAt(chain []*smx509.Certificate, at time.Time) bool {
	for _, c := range chain {
		if at.Before(c.NotBefore) || at.After(c.NotAfter) {
			return false
		}
	}
	return len(chain) > 0
}
