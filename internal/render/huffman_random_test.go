package render

import (
	"bytes"
	"compress/zlib"
	"io"
	"math/rand/v2"
	"testing"
)

// TestGlyphCodeRandomStatistics: codes built from random byte statistics —
// uniform, powers of two up to 2^31 (whose Huffman code deflate's 15 bits
// cannot hold), sparse, nearly flat — code random data, skewed or not, that
// compress/zlib decodes to the data itself.
func TestGlyphCodeRandomStatistics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for it := range 160 {
		var counts [256]uint32
		for i := range counts {
			switch it % 4 {
			case 0:
				counts[i] = rng.Uint32()
			case 1:
				counts[i] = 1 << rng.IntN(32)
			case 2:
				if rng.IntN(10) == 0 {
					counts[i] = rng.Uint32N(1000)
				}
			case 3:
				counts[i] = uint32(rng.IntN(3))
			}
		}
		g := newGlyphCode(&counts)
		data := make([]byte, rng.IntN(5000))
		for i := range data {
			if rng.IntN(2) == 0 {
				data[i] = byte(rng.IntN(4))
			} else {
				data[i] = byte(rng.Uint32())
			}
		}
		var z bytes.Buffer
		g.deflate(&z, data)
		r, err := zlib.NewReader(&z)
		if err != nil {
			t.Fatalf("statistics %d: not a zlib stream: %v", it, err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("statistics %d: decodes to %d bytes (%v), want the %d coded", it, len(got), err, len(data))
		}
	}
}
