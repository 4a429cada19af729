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

// alphaSet marks the characters of the QR alphanumeric set.
var alphaSet = func() (s [256]bool) {
	for _, c := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" {
		s[c] = true
	}
	return s
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
	for class, first := range [3]int{1, 10, 27} {
		last := [3]int{9, 26, 40}[class]
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
	var head, cost [numModes]int
	for m := range numModes {
		head[m] = (4 + countBits[m][class]) * 6
		cost[m] = head[m]
	}
	for i := 0; i < len(payload); i++ {
		c := payload[i]
		var next [numModes]int
		for m := range numModes {
			next[m] = inf
			if !allowed(m, c) {
				continue
			}
			best, bestFrom := cost[m], m
			for k := range numModes {
				if k != m && cost[k] < inf && i > 0 {
					if sw := ceil6(cost[k]) + head[m]; sw < best {
						best, bestFrom = sw, k
					}
				}
			}
			next[m] = best + charCost[m]
			from[i*numModes+m] = uint8(bestFrom)
		}
		cost = next
	}
	for m := range numModes {
		if cost[m] < cost[last] {
			last = uint8(m)
		}
	}
	return ceil6(cost[last]) / 6, last
}

func ceil6(n int) int { return (n + 5) / 6 * 6 }

// allowed reports whether mode m can encode byte c.
func allowed(m int, c byte) bool {
	switch m {
	case modeNum:
		return c >= '0' && c <= '9'
	case modeAlpha:
		return alphaSet[c]
	}
	return true
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
