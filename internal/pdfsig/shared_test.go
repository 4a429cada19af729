package pdfsig

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/emmansun/gmsm/sm3"
)

// TestShared: whatever documents a Shared has seen, the digest it resumes is
// the digest of the whole range — for documents that share the prefix, that
// differ inside it, that are shorter than it or that share nothing.
func TestShared(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}
	common := random(20000)
	doc := func(tail int) []byte { return append(bytes.Clone(common), random(tail)...) }
	changed := doc(500)
	changed[12345] ^= 1
	docs := []struct {
		name string
		data []byte
	}{
		{"first", doc(1000)},
		{"second, fixes the prefix", doc(3000)},
		{"another of the batch", doc(10)},
		{"a byte changed inside the prefix", changed},
		{"shorter than the prefix", common[:15000]},
		{"nothing shared", random(30000)},
		{"the prefix exactly", bytes.Clone(common)},
	}
	var sh Shared
	for _, d := range docs {
		buf := bytes.Clone(d.data) // the caller's buffer, reused below
		h, n := sh.hash("SM3", sm3.New, buf)
		h.Write(buf[n:])
		got := h.Sum(nil)
		want := sm3.Sum(d.data)
		if !bytes.Equal(got, want[:]) {
			t.Errorf("%s: resumed after %d bytes, digest differs from hashing it whole", d.name, n)
		}
		for i := range buf {
			buf[i] = 0xAA // what Shared kept must be its own copy
		}
	}
	if sh.Len() != len(common) {
		t.Errorf("shared prefix of %d bytes, want %d", sh.Len(), len(common))
	}
}

func TestCommonPrefix(t *testing.T) {
	a := bytes.Repeat([]byte("x"), 10000)
	tests := []struct {
		b    []byte
		want int
	}{
		{nil, 0},
		{a, 10000},
		{a[:4096], 4096},
		{append(bytes.Clone(a[:5000]), 'y'), 5000},
		{append(bytes.Clone(a[:4095]), 'y'), 4095},
	}
	for _, tt := range tests {
		if got := commonPrefix(a, tt.b); got != tt.want {
			t.Errorf("commonPrefix(len %d) = %d, want %d", len(tt.b), got, tt.want)
		}
	}
}

// TestSharedStopsAtAnObject: the prefix two documents fix ends with their
// last common object, not inside the next one where they happened to agree
// for a few bytes, so that a third document of the batch resumes it too.
func TestSharedStopsAtAnObject(t *testing.T) {
	common := []byte("%PDF-1.7\n" + string(bytes.Repeat([]byte("1 0 obj\n<< /Filter /FlateDecode /Length 5000 >>\nstream\n"), 200)) + "endobj\n")
	doc := func(length string) []byte {
		return append(bytes.Clone(common), "4 0 obj\n<< /Length "+length+" >>\nstream\nxyz\nendstream\nendobj\n"...)
	}
	var sh Shared
	for _, d := range [][]byte{doc("4450"), doc("4516"), doc("3999")} {
		h, n := sh.hash("SM3", sm3.New, d)
		h.Write(d[n:])
		if want := sm3.Sum(d); !bytes.Equal(h.Sum(nil), want[:]) {
			t.Fatalf("resumed after %d bytes, digest differs from hashing it whole", n)
		}
		if sh.Len() > 0 && n != sh.Len() {
			t.Errorf("a document of the batch resumed after %d bytes, want %d", n, sh.Len())
		}
	}
	if want := len(common) - 1; sh.Len() != want { // up to "endobj", without its newline
		t.Errorf("shared prefix of %d bytes, want %d", sh.Len(), want)
	}
}

// TestSharedConcurrent: documents of a batch and strangers hashed at once
// from several goroutines, while the prefix is being learned, each get the
// digest of their whole range.
func TestSharedConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}
	common := random(30000)
	var docs [][]byte
	for i := range 64 {
		if i%5 == 0 {
			docs = append(docs, random(20000+i))
			continue
		}
		docs = append(docs, append(bytes.Clone(common[:len(common)-i%3]), random(100+i)...))
	}
	var sh Shared
	var wg sync.WaitGroup
	errs := make(chan string, len(docs))
	for _, d := range docs {
		wg.Go(func() {
			h, n := sh.hash("SM3", sm3.New, d)
			h.Write(d[n:])
			if want := sm3.Sum(d); !bytes.Equal(h.Sum(nil), want[:]) {
				errs <- fmt.Sprintf("resumed after %d of %d bytes: digest differs from hashing it whole", n, len(d))
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
