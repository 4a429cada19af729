package render

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/adler32"
	"slices"

	"ezz/internal/font"
)

// A glyphCode compresses a font's subsets as one deflate block of literals
// with a Huffman code built once per font from the byte statistics of its
// outlines (font.ByteCounts), instead of counting and building a code for
// every subset: the subsets of one font are drawn from the same outlines,
// so one code fits them all within a few per cent, and coding a subset is
// then a table look-up a byte.
type glyphCode struct {
	lit    [256]bitCode // the code of each byte
	packed *[256]uint32 // lit packed (packCodes)
	eob    bitCode      // end of block
	header []bitCode    // the block's header: type, alphabet sizes, code lengths
}

// glyphCode returns the code of f's subsets.
func (r *Renderer) glyphCode(f *font.Font) *glyphCode {
	if g, ok := r.codes.Load(f); ok {
		return g.(*glyphCode)
	}
	g, _ := r.codes.LoadOrStore(f, newGlyphCode(f.ByteCounts()))
	return g.(*glyphCode)
}

// bitCode is n bits to write LSB first (deflate's order: Huffman codes
// bit-reversed).
type bitCode struct {
	v uint16
	n uint8
}

const (
	maxLitBits = 15 // deflate's longest literal/length code
	maxCLBits  = 7  // deflate's longest code-length code
)

// clOrder is the order the code-length code's lengths are sent in (RFC 1951 3.2.7).
var clOrder = [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// newGlyphCode builds the code of a font whose outlines count counts of
// each byte. Every byte gets a code, so any subset can be coded.
func newGlyphCode(counts *[256]uint32) *glyphCode {
	freq := make([]uint64, 257)
	for i, c := range counts {
		freq[i] = uint64(c) + 1
	}
	freq[256] = 1
	lens := huffmanLengths(freq, maxLitBits)
	codes := canonical(lens)
	g := &glyphCode{eob: codes[256]}
	copy(g.lit[:], codes[:256])
	g.packed = packCodes(&g.lit)
	// Literal lengths, then one distance code of one bit (RFC 1951: one
	// distance code is sent with one bit): no distances are used.
	all := append(slices.Clone(lens), 1)
	clFreq := make([]uint64, 19)
	for _, l := range all {
		clFreq[l]++
	}
	clLens := huffmanLengths(clFreq, maxCLBits)
	clCodes := canonical(clLens)
	g.header = []bitCode{{1, 1}, {2, 2}, {0, 5}, {0, 5}, {15, 4}} // final, dynamic, 257 literals, 1 distance, 19 lengths
	for _, s := range clOrder {
		g.header = append(g.header, bitCode{uint16(clLens[s]), 3})
	}
	for _, l := range all {
		g.header = append(g.header, clCodes[l])
	}
	return g
}

// huffmanLengths returns the code length of each symbol of freq for a
// Huffman code no longer than limit bits; symbols of frequency 0 get none.
// Past the limit the frequencies are halved (kept non-zero) until it fits.
func huffmanLengths(freq []uint64, limit int) []uint8 {
	f := slices.Clone(freq)
	for {
		lens := huffman(f)
		if slices.Max(lens) <= uint8(limit) {
			return lens
		}
		for i := range f {
			if f[i] > 0 {
				f[i] = (f[i] + 1) / 2
			}
		}
	}
}

// huffman returns the lengths of a Huffman code of freq (at least two
// symbols of non-zero frequency give a complete code).
func huffman(freq []uint64) []uint8 {
	type node struct {
		w           uint64
		left, right int // children, -1 for a leaf
		sym         int
	}
	var nodes []node
	var queue []int
	for s, w := range freq {
		if w > 0 {
			nodes = append(nodes, node{w: w, left: -1, right: -1, sym: s})
			queue = append(queue, len(nodes)-1)
		}
	}
	lens := make([]uint8, len(freq))
	if len(queue) == 1 {
		lens[nodes[0].sym] = 1
		return lens
	}
	for len(queue) > 1 {
		slices.SortStableFunc(queue, func(a, b int) int { return cmp.Compare(nodes[a].w, nodes[b].w) })
		a, b := queue[0], queue[1]
		nodes = append(nodes, node{w: nodes[a].w + nodes[b].w, left: a, right: b})
		queue = append(queue[2:], len(nodes)-1)
	}
	var walk func(i int, depth uint8)
	walk = func(i int, depth uint8) {
		if nodes[i].left < 0 {
			lens[nodes[i].sym] = depth
			return
		}
		walk(nodes[i].left, depth+1)
		walk(nodes[i].right, depth+1)
	}
	walk(queue[0], 0)
	return lens
}

// canonical assigns deflate's canonical codes to lens (RFC 1951 3.2.2),
// bit-reversed for writing LSB first.
func canonical(lens []uint8) []bitCode {
	var count, next [maxLitBits + 2]uint16
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	code := uint16(0)
	for bits := 1; bits <= maxLitBits+1; bits++ {
		code = (code + count[bits-1]) << 1
		next[bits] = code
	}
	codes := make([]bitCode, len(lens))
	for s, l := range lens {
		if l == 0 {
			continue
		}
		codes[s] = bitCode{reverse(next[l], l), l}
		next[l]++
	}
	return codes
}

func reverse(v uint16, n uint8) uint16 {
	var r uint16
	for range n {
		r = r<<1 | v&1
		v >>= 1
	}
	return r
}

// deflate appends data to dst as a zlib stream of one block coded with g.
func (g *glyphCode) deflate(dst *bytes.Buffer, data []byte) {
	dst.Write(zlibHeader)
	w := bitWriter{b: dst.AvailableBuffer()}
	for _, c := range g.header {
		w.write(c)
	}
	w.literals(g.packed, data)
	w.write(g.eob)
	b := w.flush()
	b = binary.BigEndian.AppendUint32(b, adler32.Checksum(data))
	dst.Write(b)
}

// bitWriter packs codes LSB first into b.
type bitWriter struct {
	b    []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) write(c bitCode) {
	w.acc |= uint64(c.v) << w.nacc
	w.nacc += uint(c.n)
	if w.nacc >= 32 {
		w.b = binary.LittleEndian.AppendUint32(w.b, uint32(w.acc))
		w.acc >>= 32
		w.nacc -= 32
	}
}

// literals writes the code of each byte of data, as write would, without
// a branch a code: three codes (at most 45 bits) go into the accumulator,
// then all its whole bytes are stored at once (8 bytes written, the
// accumulator's bytes counted), into room made once for the longest codes.
// lit is the codes packed as packCodes packs them.
func (w *bitWriter) literals(lit *[256]uint32, data []byte) {
	i := len(w.b)
	b := slices.Grow(w.b, len(data)*maxLitBits/8+16)
	b = b[:cap(b)]
	acc, n := w.acc, w.nacc
	store := func() {
		binary.LittleEndian.PutUint64(b[i:], acc)
		i += int(n >> 3)
		acc >>= n &^ 7 & 63
		n &= 7
	}
	store() // n < 32: whole bytes out, fewer than 8 bits left
	k := 0
	for ; k+3 <= len(data); k += 3 {
		d := data[k : k+3 : k+3]
		c0, c1, c2 := lit[d[0]], lit[d[1]], lit[d[2]]
		acc |= uint64(c0&0xFFFF) << (n & 63)
		n += uint(c0 >> 16)
		acc |= uint64(c1&0xFFFF) << (n & 63)
		n += uint(c1 >> 16)
		acc |= uint64(c2&0xFFFF) << (n & 63)
		n += uint(c2 >> 16)
		store()
	}
	w.b, w.acc, w.nacc = b[:i], acc, n
	for _, c := range data[k:] {
		w.write(bitCode{uint16(lit[c]), uint8(lit[c] >> 16)})
	}
}

// packCodes packs each code as its bits | its length << 16, for literals.
func packCodes(codes *[256]bitCode) *[256]uint32 {
	var p [256]uint32
	for i, c := range codes {
		p[i] = uint32(c.v) | uint32(c.n)<<16
	}
	return &p
}

// flush writes the bits left, the last byte padded with zeros.
func (w *bitWriter) flush() []byte {
	for w.nacc > 0 {
		w.b = append(w.b, byte(w.acc))
		w.acc >>= 8
		w.nacc -= min(w.nacc, 8)
	}
	return w.b
}
