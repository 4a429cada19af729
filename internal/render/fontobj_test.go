package render

import (
	"bytes"
	"compress/zlib"
	"hash/fnv"
	"io"
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

// TestMapCode: the one code of ToUnicode maps codes the maps of CJK, Latin,
// supplementary-plane (surrogate pairs) and symbol characters, of 1 to 300
// glyphs, into zlib streams that decode to the maps, at most two thirds of
// a map and the code's header.
func TestMapCode(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 17, 100, 101, 300} {
		d := &docFont{}
		for range n {
			switch rng.IntN(4) {
			case 0:
				d.runes = append(d.runes, rune(0x4E00+rng.IntN(0x5200)))
			case 1:
				d.runes = append(d.runes, rune(0x20+rng.IntN(0x5F)))
			case 2:
				d.runes = append(d.runes, rune(0x20000+rng.IntN(0xA6E0)))
			case 3:
				d.runes = append(d.runes, rune(0x2000+rng.IntN(0x1000)))
			}
		}
		m := d.toUnicode()
		var z bytes.Buffer
		mapCode().deflate(&z, m)
		r, err := zlib.NewReader(bytes.NewReader(z.Bytes()))
		if err != nil {
			t.Fatalf("%d glyphs: not a zlib stream: %v", n, err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, m) {
			t.Fatalf("%d glyphs: decodes to %q (%v), want %q", n, got, err, m)
		}
		if z.Len() >= len(m)*2/3+160 { // 160: the code's own header
			t.Errorf("%d glyphs: %d bytes coded from %d, want less than two thirds and the code's header", n, z.Len(), len(m))
		}
	}
}
