package record

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"unicode/utf8"
)

// TestCJKIdeograph3 checks the fast test of appendString and nfcAlready
// against utf8 over every three-byte sequence with a lead byte E0–EF: it
// passes exactly the valid encodings of U+4E00–U+9FFF.
func TestCJKIdeograph3(t *testing.T) {
	n := 0
	for c := 0xe0; c <= 0xef; c++ {
		for b1 := range 256 {
			for b2 := range 256 {
				s := string([]byte{byte(c), byte(b1), byte(b2)})
				r, size := utf8.DecodeRuneInString(s)
				want := size == 3 && r >= 0x4e00 && r <= 0x9fff
				if got := cjkIdeograph3(s, 0); got != want {
					t.Fatalf("cjkIdeograph3(% x) = %v, want %v", s, got, want)
				}
				if got := cjkIdeograph3(s[:2], 0); got {
					t.Fatalf("cjkIdeograph3(% x) = true for a cut sequence", s[:2])
				}
				if want {
					n++
				}
			}
		}
	}
	if n != 0x9fff-0x4e00+1 {
		t.Errorf("%d ideographs passed, want %d", n, 0x9fff-0x4e00+1)
	}
}

// FuzzAppendString: appendString's one-pass fast path writes what the
// general appendQuoted writes, and reports validity the same, for any string.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "张喆", "武汉市\n\"东湖\"\\", "e\u0301", "\u4dff\u4e00\u9fff\ua000", "a\xffb", "\xe4\xb8", "（有限公司）、。",
		"\u2028", "\x01\x1f", "𠮷", "\xe9\xbf\xbf\xe4\xb7\xbf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gotOK := appendString([]byte("x"), s)
		want, wantOK := appendQuoted([]byte("x"), s)
		if !bytes.Equal(got, want) || gotOK != wantOK {
			t.Errorf("appendString(%q) = %q, %v; appendQuoted: %q, %v", s, got, gotOK, want, wantOK)
		}
	})
}

// TestItemOrderReused: records whose item keys are the last record's, or
// differ from them in any way (another key, one fewer, one to normalise),
// each encode as the generic canonical form, also from goroutines at once.
func TestItemOrderReused(t *testing.T) {
	base := map[string]string{"名称": "张三", "address": "武汉", "b": "2", "a": "1"}
	sets := []map[string]string{
		base, base,
		{"名称": "李四", "address": "武汉", "b": "2", "c": "3"}, // as many keys, one other
		{"名称": "王五", "address": "武汉", "b": "2"},           // one fewer
		{"名称": "赵六", "address": "武汉", "b": "2", "e\u0301": "é"},
		base, {}, base,
	}
	want := make([][]byte, len(sets))
	for i, items := range sets {
		r := sample()
		r.Items = items
		c, err := r.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		matchGeneric(t, r, c)
		want[i] = c
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for j := range 200 {
				i := (g + j) % len(sets)
				r := sample()
				r.Items = sets[i]
				if c, err := r.Canonical(); err != nil || !bytes.Equal(c, want[i]) {
					t.Errorf("record %d from goroutine %d: %s (%v), want %s", i, g, c, err, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestSealHeadRoom: an envelope Seal writes into the room before its record
// is the envelope encode writes, whatever the signature's length.
func TestSealHeadRoom(t *testing.T) {
	c, err := sample().Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 96, headRoom, 400} {
		e := Envelope{Format: EnvelopeV1, Alg: "SM2-SM3", KeyID: "6e7754e1d2f105d2", Signature: fmt.Sprintf("%0*d", n, 0)}
		buf, err := sample().canonical(headRoom)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := e.encodeAround(buf, headRoom), e.encode(c); !bytes.Equal(got, want) {
			t.Errorf("signature of %d characters: got\n%s\nwant\n%s", n, got, want)
		}
	}
}

// TestPlainASCII8 compares the word-at-a-time test with one byte at a time:
// every byte value at every position among plain bytes, and random words.
func TestPlainASCII8(t *testing.T) {
	plain := func(s string) bool {
		for i := range len(s) {
			if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	for _, fill := range []byte{'a', ' ', '~', '!', '#', '[', ']'} {
		for p := range 8 {
			for c := range 256 {
				b := bytes.Repeat([]byte{fill}, 8)
				b[p] = byte(c)
				if got, want := plainASCII8(string(b)), plain(string(b)); got != want {
					t.Fatalf("plainASCII8(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b [8]byte
		for i := range b {
			if b[i] = byte(rng.IntN(256)); rng.IntN(2) == 0 {
				b[i] = byte(0x20 + rng.IntN(0x60))
			}
		}
		if got, want := plainASCII8(string(b[:])), plain(string(b[:])); got != want {
			t.Fatalf("plainASCII8(%q) = %v, want %v", b, got, want)
		}
	}
}
