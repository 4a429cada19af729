package render

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/klauspost/compress/zlib"

	"ezz/internal/font"
)

// TestGlyphCodeLimits: statistics whose Huffman code would be longer than
// deflate allows (Fibonacci-like counts, one byte alone, none at all) still
// give codes of at most 15 bits, a code-length code of at most 7, and
// streams of every byte value that the standard library decodes.
func TestGlyphCodeLimits(t *testing.T) {
	fib := [256]uint32{}
	a, b := uint32(1), uint32(1)
	for i := range fib {
		fib[i] = a
		if a < 1<<30 {
			a, b = b, a+b
		}
	}
	one := [256]uint32{'x': 1 << 31}
	all := make([]byte, 0, 256*3)
	for range 3 {
		for i := range 256 {
			all = append(all, byte(i))
		}
	}
	for name, counts := range map[string]*[256]uint32{"fibonacci": &fib, "one byte": &one, "none": {}} {
		g := newGlyphCode(counts)
		for c, code := range g.lit {
			if code.n == 0 || code.n > maxLitBits {
				t.Errorf("%s: byte %d coded with %d bits", name, c, code.n)
			}
		}
		for _, c := range g.header[5:24] {
			if c.v > maxCLBits {
				t.Errorf("%s: a code length of %d bits in the code-length code", name, c.v)
			}
		}
		var z bytes.Buffer
		g.deflate(&z, all)
		readBack(t, &z, all)
	}
}

// TestGlyphCodeSubsets: real subsets of every font of the bundled faces'
// chain, coded with their font's code, decode to the subset and are at
// most 5 % larger than with a Huffman code built for each subset.
func TestGlyphCodeSubsets(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	hw, _ := zlib.NewWriterLevel(nil, zlib.HuffmanOnly)
	for i := range r.chain.Len() {
		f := r.chain.Font(i)
		code := r.glyphCode(f)
		for _, n := range []int{1, 20, 70, 300} {
			sub, _, err := f.Subset(randomGlyphs(rng, f, n))
			if err != nil {
				t.Fatal(err)
			}
			var z, h bytes.Buffer
			code.deflate(&z, sub)
			hw.Reset(&h)
			hw.Write(sub)
			hw.Close()
			if n >= 20 && z.Len() > h.Len()*105/100 {
				t.Errorf("%s, %d glyphs: %d bytes, %d with a code of its own", f.Name, n, z.Len(), h.Len())
			}
			readBack(t, &z, sub)
		}
	}
}

// randomGlyphs picks n distinct non-zero glyph ids of f.
func randomGlyphs(rng *rand.Rand, f *font.Font, n int) []uint16 {
	var gids []uint16
	for len(gids) < n {
		g := uint16(1 + rng.IntN(f.NumGlyphs()-1))
		if !slices.Contains(gids, g) {
			gids = append(gids, g)
		}
	}
	return gids
}

// TestHuffmanLengthsLimit: Fibonacci frequencies, whose Huffman code is
// longer than the limit, get a complete code (Kraft sum exactly 1, which
// deflate decoders insist on) within the limit — the 7 bits of the
// code-length code, which TestGlyphCodeLimits' statistics never exceed,
// and deflate's 15.
func TestHuffmanLengthsLimit(t *testing.T) {
	for _, tc := range []struct{ symbols, limit int }{{19, maxCLBits}, {257, maxLitBits}} {
		freq := make([]uint64, tc.symbols)
		a, b := uint64(1), uint64(1)
		for i := range freq {
			freq[i] = a
			if a < 1<<40 { // no overflow: the sum of all stays in 64 bits
				a, b = b, a+b
			}
		}
		if got := slices.Max(huffman(freq)); int(got) <= tc.limit {
			t.Fatalf("%d symbols: an unlimited code of %d bits, want one over %d to test the limit", tc.symbols, got, tc.limit)
		}
		lens := huffmanLengths(freq, tc.limit)
		kraft := 0.0
		for s, l := range lens {
			if l == 0 || int(l) > tc.limit {
				t.Fatalf("%d symbols: symbol %d coded with %d bits, want 1 to %d", tc.symbols, s, l, tc.limit)
			}
			kraft += 1 / float64(uint64(1)<<l)
		}
		if kraft != 1 {
			t.Errorf("%d symbols, limit %d: Kraft sum %v, want 1 (a complete code)", tc.symbols, tc.limit, kraft)
		}
	}
}
