package render

import (
	"hash/fnv"
	"math/rand/v2"
	"testing"
	"unicode/utf16"
)

// TestSubsetTag: a subset's tag is six capitals from the 64-bit FNV-1a of
// its glyph ids, big-endian, as hash/fnv computes it.
func TestSubsetTag(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 200 {
		d := &docFont{}
		for range rng.IntN(100) {
			d.gids = append(d.gids, uint16(rng.Uint32()))
		}
		h := fnv.New64a()
		for _, g := range d.gids {
			h.Write([]byte{byte(g >> 8), byte(g)})
		}
		sum := h.Sum64()
		want := make([]byte, 6)
		for i := range want {
			want[i] = byte('A' + sum%26)
			sum /= 26
		}
		if got := d.subsetTag(); got != string(want) {
			t.Fatalf("tag of %v = %s, want %s", d.gids, got, want)
		}
	}
}

// TestAppendUTF16: each rune is written as utf16.Encode encodes it,
// surrogate pairs, lone surrogates and runes out of range included.
func TestAppendUTF16(t *testing.T) {
	runes := []rune{0, 'A', 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x20BB7, 0x10FFFF, 0x110000, -1}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 10000 {
		runes = append(runes, rune(rng.IntN(0x110000)))
	}
	for _, r := range runes {
		var want []byte
		for _, u := range utf16.Encode([]rune{r}) {
			want = appendHex16(want, u)
		}
		if got := appendUTF16(nil, r); string(got) != string(want) {
			t.Fatalf("appendUTF16(%U) = %s, want %s", r, got, want)
		}
	}
}
