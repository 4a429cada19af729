package qr

import (
	"errors"
	"fmt"

	"rsc.io/qr/coding"
)

// QR data modes a payload is split into (ISO/IEC 18004 §7.4).
const (
	modeNum   = iota // 0-9, 10 bits per 3 characters
	modeAlpha        // 0-9 A-Z space $%*+-./:, 11 bits per 2 characters
	modeByte         // any byte, 8 bits
	numModes
)

// Costs in sixths of a bit, so that 5.5 and 3⅓ bits per character are whole.
var charCost = [numModes]int{modeNum: 20, modeAlpha: 33, modeByte: 48}

// countBits is the width of a segment's character count by mode and size
// class (versions 1–9, 10–26, 27–40).
var countBits = [numModes][3]int{
	modeNum:   {10, 12, 14},
	modeAlpha: {9, 11, 13},
	modeByte:  {8, 16, 16},
}

// maxChars is the longest payload any QR code holds (numeric, version 40,
// level L); longer payloads are refused before any work.
const maxChars = 7089

// segment is a run of payload[start:end] encoded in one mode.
type segment struct {
	mode       uint8
	start, end int
}

// narrowest is the most compact mode that can encode a byte; the modes after
// it can encode it too.
var narrowest = func() (t [256]uint8) {
	for c := range t {
		t[c] = modeByte
	}
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" {
		t[c] = modeAlpha
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = modeNum
	}
	return t
}()

var errEmpty = errors.New("encode QR code: empty payload")

// choose returns the smallest version that holds payload at level M and the
// segments that make it fit.
func choose(payload string) (int, []segment, error) {
	if payload == "" {
		return 0, nil, errEmpty
	}
	if len(payload) > maxChars {
		return 0, nil, tooLong(payload)
	}
	from := make([]uint8, numModes*len(payload))
	least := leastBits(payload)
	for class, first := range [3]int{1, 10, 27} {
		last := [3]int{9, 26, 40}[class]
		if least > capacity(last) {
			continue
		}
		bits, mode := segmentBits(payload, class, from)
		if bits > capacity(last) {
			continue
		}
		v := first
		for bits > capacity(v) {
			v++
		}
		return v, segments(from, mode), nil
	}
	return 0, nil, tooLong(payload)
}

func tooLong(payload string) error {
	return fmt.Errorf("encode QR code: payload of %d bytes does not fit any QR version (1–40) at level M", len(payload))
}

// leastBits is a lower bound on the bits payload needs in any size class:
// each character in its cheapest mode, with no headers.
func leastBits(payload string) int {
	sixths := 0
	for i := 0; i < len(payload); i++ {
		sixths += charCost[narrowest[payload[i]]]
	}
	return sixths / 6
}

// capacity is the number of data bits of version v at level M.
func capacity(v int) int {
	return coding.Version(v).DataBytes(coding.M) * 8
}

// segmentBits returns the fewest bits that encode payload in size class
// class, by dynamic programming over the mode of each character (optimal
// as in Nayuki's "optimal QR segmentation"). from[i*numModes+m] records the
// mode of character i-1 on the best path that encodes character i in mode m;
// last is the mode of the final character on the best path.
func segmentBits(payload string, class int, from []uint8) (bits int, last uint8) {
	const inf = 1 << 30
	hn := (4 + countBits[modeNum][class]) * 6
	ha := (4 + countBits[modeAlpha][class]) * 6
	hb := (4 + countBits[modeByte][class]) * 6
	cn, ca, cb := hn, ha, hb // best cost so far ending in each mode
	kn, ka, kb := inf, inf, inf
	for i := 0; i < len(payload); i++ {
		f := from[i*numModes : i*numModes+numModes : i*numModes+numModes]
		nn, na, nb := inf, inf, inf
		switch narrowest[payload[i]] {
		case modeNum:
			nn, f[modeNum] = cheapest(cn, modeNum, ka+hn, modeAlpha, kb+hn, modeByte)
			nn += charCost[modeNum]
			fallthrough
		case modeAlpha:
			na, f[modeAlpha] = cheapest(ca, modeAlpha, kn+ha, modeNum, kb+ha, modeByte)
			na += charCost[modeAlpha]
		}
		nb, f[modeByte] = cheapest(cb, modeByte, kn+hb, modeNum, ka+hb, modeAlpha)
		nb += charCost[modeByte]
		cn, ca, cb = nn, na, nb
		kn, ka, kb = ceil6(cn), ceil6(ca), ceil6(cb) // ending the segment here
	}
	best, last := cn, uint8(modeNum)
	if ca < best {
		best, last = ca, modeAlpha
	}
	if cb < best {
		best, last = cb, modeByte
	}
	return ceil6(best) / 6, last
}

// cheapest returns the lowest of three costs and the mode it comes from;
// the first wins ties.
func cheapest(c0 int, m0 uint8, c1 int, m1 uint8, c2 int, m2 uint8) (int, uint8) {
	if c1 < c0 {
		c0, m0 = c1, m1
	}
	if c2 < c0 {
		c0, m0 = c2, m2
	}
	return c0, m0
}

func ceil6(n int) int { return (n + 5) / 6 * 6 }

// allowed reports whether mode m can encode byte c.
func allowed(m int, c byte) bool {
	return m >= int(narrowest[c])
}

// segments walks the best path recorded by segmentBits backwards from the
// last character, encoded in mode.
func segments(from []uint8, mode uint8) []segment {
	n := len(from) / numModes
	var segs []segment
	end := n
	for i := n - 1; i >= 0; i-- {
		prev := from[i*numModes+int(mode)]
		if i == 0 || prev != mode {
			segs = append(segs, segment{mode: mode, start: i, end: end})
			end, mode = i, prev
		}
	}
	for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
		segs[i], segs[j] = segs[j], segs[i]
	}
	return segs
}

// alphaText is coding.Alpha with a table lookup per character instead of a
// search of the alphabet; the segmenter has already checked the characters.
type alphaText string

// alphaValue is each character's value in alphanumeric mode.
var alphaValue = func() (t [256]uint8) {
	for i, c := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" {
		t[c] = uint8(i)
	}
	return t
}()

// Check implements coding.Encoding.
func (s alphaText) Check() error {
	for i := 0; i < len(s); i++ {
		if narrowest[s[i]] > modeAlpha {
			return fmt.Errorf("character %q at offset %d is not in the QR alphanumeric set", s[i], i)
		}
	}
	return nil
}

// Bits implements coding.Encoding.
func (s alphaText) Bits(v coding.Version) int { return coding.Alpha(s).Bits(v) }

// Encode implements coding.Encoding: mode 0010, the count, then 11 bits per
// pair of characters and 6 for an odd last one.
func (s alphaText) Encode(b *coding.Bits, v coding.Version) {
	b.Write(2, 4)
	b.Write(uint(len(s)), countBits[modeAlpha][sizeClass(v)])
	i := 0
	for ; i+2 <= len(s); i += 2 {
		b.Write(uint(alphaValue[s[i]])*45+uint(alphaValue[s[i+1]]), 11)
	}
	if i < len(s) {
		b.Write(uint(alphaValue[s[i]]), 6)
	}
}

// sizeClass is the class of version v for character counts.
func sizeClass(v coding.Version) int {
	switch {
	case v <= 9:
		return 0
	case v <= 26:
		return 1
	}
	return 2
}
