package render

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// codeEach is bitWriter.literals one code at a time, as deflate wrote them
// before literals.
func codeEach(w *bitWriter, lit *[256]bitCode, data []byte) {
	for _, c := range data {
		w.write(lit[c])
	}
}

// TestLiteralsAsWrite: literals writes the same bits as write does code by
// code, for every length from 0 to 600 (odd and even, the accumulator part
// full or empty before it), codes of 1 to 15 bits, into a buffer with room
// or without.
func TestLiteralsAsWrite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for it := range 400 {
		var lit [256]bitCode
		for i := range lit {
			n := uint8(1 + rng.IntN(maxLitBits))
			lit[i] = bitCode{uint16(rng.Uint32N(1 << n)), n}
		}
		data := make([]byte, it*3/2)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		lead := bitCode{uint16(rng.Uint32N(1 << 15)), uint8(rng.IntN(16))}
		room := 0
		if it%2 == 0 {
			room = 4096
		}
		fast := bitWriter{b: make([]byte, 0, room)}
		slow := bitWriter{b: make([]byte, 0, room)}
		for _, w := range []*bitWriter{&fast, &slow} {
			w.write(lead)
			w.write(lead)
		}
		fast.literals(packCodes(&lit), data)
		codeEach(&slow, &lit, data)
		if got, want := fast.flush(), slow.flush(); !bytes.Equal(got, want) {
			t.Fatalf("%d bytes after %d bits: literals wrote %x, write %x", len(data), 2*lead.n, got, want)
		}
	}
}

// BenchmarkLiterals codes the food-business face's largest subset with
// literals and with write a code at a time.
func BenchmarkLiterals(b *testing.B) {
	ttf, code := largestSubset(b)
	for _, c := range []struct {
		name string
		f    func(*bitWriter, *glyphCode, []byte)
	}{
		{"literals", func(w *bitWriter, g *glyphCode, d []byte) { w.literals(g.packed, d) }},
		{"write", func(w *bitWriter, g *glyphCode, d []byte) { codeEach(w, &g.lit, d) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			buf := make([]byte, 0, 2*len(ttf))
			b.SetBytes(int64(len(ttf)))
			for b.Loop() {
				w := bitWriter{b: buf}
				c.f(&w, code, ttf)
				w.flush()
			}
		})
	}
}
