package qr

import "math/bits"

// Mask penalty weights of ISO/IEC 18004:2015 §7.8.3.1 (Table 11).
const (
	weightN1 = 3  // per run of 5 like modules, +1 per module beyond 5
	weightN2 = 3  // per 2×2 block of like modules
	weightN3 = 40 // per 1:1:3:1:1 finder-like pattern beside 4 light modules
	weightN4 = 10 // per 5 % the dark share strays from 50 %
)

// penalty is the mask penalty score of a symbol of side n: the sum of the four
// rules as ZXing (MaskUtil) reads the standard. Rule 3 counts a finder-like
// run once when light modules lie 4 wide before or after it; modules outside
// the symbol count as light (they are the quiet zone).
func penalty(b *bitmap, n int) int {
	p := penalties(b, n)
	return p[0] + p[1] + p[2] + p[3]
}

// penalties returns the score of each rule. Rows are processed as bit
// vectors: horizontal scans shift a row against itself, vertical scans AND
// whole rows together, so one word operation handles a row's 57 modules.
func penalties(b *bitmap, n int) (p [4]int) {
	full := uint64(1)<<n - 1
	// light[y+4] is row y's light modules; the 4 rows either side are light.
	var light [maxSide + 8]uint64
	for i := range light {
		light[i] = full
	}
	for y := range n {
		light[y+4] = ^b[y] & full
	}
	dark := 0
	for y := range n {
		r, l := b[y], light[y+4]
		dark += bits.OnesCount64(r)
		p[0] += runPenalty(r) + runPenalty(l)
		if y+1 < n {
			p[1] += weightN2 * (pairs(r&b[y+1]) + pairs(l&light[y+5]))
		}
		p[2] += weightN3 * finderLike(r)
	}
	p[0] += columnRuns(b, light[4:], n)
	p[2] += weightN3 * columnFinderLike(b, light[:], n)
	total := n * n
	dev := 2*dark - total
	if dev < 0 {
		dev = -dev
	}
	p[3] = weightN4 * (dev * 10 / total)
	return p
}

// runPenalty scores the runs of 5 or more set bits in c: a run of length k
// has k-4 positions where 5 set bits start, and costs 3+(k-5) = (k-4)+2.
func runPenalty(c uint64) int {
	s5 := c & (c >> 1) & (c >> 2) & (c >> 3) & (c >> 4)
	return bits.OnesCount64(s5) + 2*bits.OnesCount64(s5&^(s5<<1))
}

// pairs counts the adjacent pairs of set bits in c.
func pairs(c uint64) int {
	return bits.OnesCount64(c & (c >> 1))
}

// finderLike counts the positions of row r where dark-light-dark-dark-dark-
// light-dark starts with 4 light modules before or after it.
func finderLike(r uint64) int {
	core := r &^ (r >> 1) & (r >> 2) & (r >> 3) & (r >> 4) &^ (r >> 5) & (r >> 6)
	if core == 0 {
		return 0
	}
	l := ^r // columns beyond the symbol read as light
	after := (l >> 7) & (l >> 8) & (l >> 9) & (l >> 10)
	before := (l<<1 | 1) & (l<<2 | 3) & (l<<3 | 7) & (l<<4 | 15)
	return bits.OnesCount64(core & (before | after))
}

// columnRuns scores rule 1 down the columns, all columns at once: s5 marks
// the columns where 5 like modules start at row y.
func columnRuns(b *bitmap, light []uint64, n int) int {
	p := 0
	var prevD, prevL uint64
	for y := 0; y+4 < n; y++ {
		d := b[y] & b[y+1] & b[y+2] & b[y+3] & b[y+4]
		l := light[y] & light[y+1] & light[y+2] & light[y+3] & light[y+4]
		p += bits.OnesCount64(d) + 2*bits.OnesCount64(d&^prevD)
		p += bits.OnesCount64(l) + 2*bits.OnesCount64(l&^prevL)
		prevD, prevL = d, l
	}
	return p
}

// columnFinderLike counts rule 3 patterns down the columns. light is indexed
// from row -4.
func columnFinderLike(b *bitmap, light []uint64, n int) int {
	c := 0
	for y := 0; y+6 < n; y++ {
		core := b[y] &^ b[y+1] & b[y+2] & b[y+3] & b[y+4] &^ b[y+5] & b[y+6]
		if core == 0 {
			continue
		}
		before := light[y] & light[y+1] & light[y+2] & light[y+3]
		after := light[y+11] & light[y+12] & light[y+13] & light[y+14]
		c += bits.OnesCount64(core & (before | after))
	}
	return c
}
