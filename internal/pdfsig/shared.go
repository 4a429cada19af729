package pdfsig

import (
	"bytes"
	"hash"
	"sync"
)

// Shared learns the leading bytes that the documents of one verification run
// share — a renderer writes the same fonts and images at the start of every
// certificate of a batch, about half of each file — and hashes them once.
// It keeps a copy of the first document's signed range; the first document
// that shares at least minShared bytes with it fixes the prefix. A document
// resumes from the prefix's digest state only when it starts with exactly
// those bytes (compared, not assumed), so the digest is the one hashing the
// whole range would give. Safe for concurrent use; the zero value is ready.
type Shared struct {
	mu     sync.Mutex
	first  []byte // a copy of the first signed range, until the prefix is found
	prefix *Prefix
	done   bool // the prefix is found, or the search gave up
	tries  int
}

const (
	minShared = 4 << 10  // shorter common prefixes are not worth a state
	maxFirst  = 16 << 20 // the copy kept of the first document, at most
	maxTries  = 8        // documents compared with the first before giving up
)

// hash returns a new hash that has consumed signed[:n] (see Prefix.hash).
// A nil Shared is allowed.
func (sh *Shared) hash(name string, newHash func() hash.Hash, signed []byte) (hash.Hash, int) {
	if sh == nil {
		return newHash(), 0
	}
	return sh.learn(signed).hash(name, newHash, signed)
}

// learn returns the prefix, looking for it in signed if it is not known yet.
func (sh *Shared) learn(signed []byte) *Prefix {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	switch {
	case sh.done:
		return sh.prefix
	case sh.first == nil:
		sh.first = bytes.Clone(signed[:min(len(signed), maxFirst)])
		return nil
	}
	n := lastObjectEnd(sh.first[:commonPrefix(sh.first, signed)])
	if n >= minShared {
		// A copy of the bytes, never the caller's buffer (which it may reuse).
		if p, err := NewPrefix(sh.first[:n:n]); err == nil {
			sh.prefix = p
		}
		sh.done, sh.first = true, nil
	} else if sh.tries++; sh.tries >= maxTries {
		sh.done, sh.first = true, nil
	}
	return sh.prefix
}

// lastObjectEnd is the length of the leading bytes of shared up to the end of
// its last "endobj", or all of it when it has none. Two documents' common
// prefix often runs a few bytes into the first object that differs (a
// /Length of the same first digits); a prefix that stopped there would
// not be the prefix of the documents whose object starts otherwise.
func lastObjectEnd(shared []byte) int {
	const end = "endobj"
	if i := bytes.LastIndex(shared, []byte(end)); i >= 0 {
		return i + len(end)
	}
	return len(shared)
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	const step = 4096
	i := 0
	for i+step <= n && bytes.Equal(a[i:i+step], b[i:i+step]) {
		i += step
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// Len is the length of the shared prefix found so far (0: none yet).
func (sh *Shared) Len() int {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.prefix.Len()
}
