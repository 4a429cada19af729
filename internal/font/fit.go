package font

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LineHeight is the line pitch as a multiple of the font size.
const LineHeight = 1.2

// Box is the space a text must fit in: W and H in millimetres (H 0: unbounded),
// Size the preferred font size in points, MinSize the smallest size shrink-to-fit
// may use. Wrap allows line breaks; Shrink allows smaller sizes.
type Box struct {
	W, H, Size, MinSize float64
	Wrap, Shrink        bool
}

// Layout is text laid out in a box: its lines and the font size used.
type Layout struct {
	Lines []string
	Size  float64
}

// shrinkStep is how much shrink-to-fit reduces the size per try, in points.
const shrinkStep = 0.5

// Sizes outside [minPt, maxPt] (or not numbers) are clamped into it.
const (
	minPt     = 1
	maxPt     = 1000
	defaultPt = 10.5
)

// Fit lays s out in b: explicit line breaks always break; with b.Wrap lines are
// broken to b.W (CJK anywhere, Latin words kept whole when they fit); with
// b.Shrink the size is the largest of b.Size, b.Size−0.5, b.Size−1, … down to
// b.MinSize at which the text fits (found by bisection: a smaller size never
// needs more room). It returns false, with the layout at the smallest size
// allowed, when nothing fits.
func (c *Chain) Fit(s string, b Box) (Layout, bool) {
	size := clampPt(b.Size, defaultPt)
	minSize := size
	if b.Shrink {
		minSize = math.Min(clampPt(b.MinSize, size), size)
	}
	at := func(k int) float64 { return math.Max(size-float64(k)*shrinkStep, minSize) }
	steps := int(math.Ceil((size - minSize) / shrinkStep))
	try := func(k int) (Layout, bool) {
		l := Layout{Lines: c.lines(s, b, at(k)), Size: at(k)}
		return l, c.fits(l, b)
	}
	if l, ok := try(0); ok || steps == 0 {
		return l, ok
	}
	last, ok := try(steps)
	if !ok {
		return last, false
	}
	lo, hi := 0, steps // try(lo) fails, try(hi) fits
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if l, ok := try(mid); ok {
			hi, last = mid, l
		} else {
			lo = mid
		}
	}
	return last, true
}

func clampPt(x, def float64) float64 {
	switch {
	case math.IsNaN(x) || x <= 0:
		return def
	case x < minPt:
		return minPt
	case x > maxPt:
		return maxPt
	}
	return x
}

func (c *Chain) fits(l Layout, b Box) bool {
	for _, line := range l.Lines {
		if b.W > 0 && c.Width(line, l.Size) > b.W+1e-6 {
			return false
		}
	}
	h := float64(len(l.Lines)) * l.Size * LineHeight * PtToMM
	return b.H <= 0 || h <= b.H+1e-6
}

func (c *Chain) lines(s string, b Box, size float64) []string {
	paras := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if !b.Wrap || b.W <= 0 {
		return paras
	}
	var out []string
	for _, p := range paras {
		out = append(out, c.wrap(p, b.W, size)...)
	}
	return out
}

// wrap breaks one paragraph into lines no wider than w where it can.
// Trailing spaces of a line do not count against its width. Each line is
// a substring of p (of its valid UTF-8 form).
func (c *Chain) wrap(p string, w, size float64) []string {
	if !utf8.ValidString(p) {
		p = string([]rune(p)) // each invalid byte drawn as U+FFFD
	}
	var lines []string
	start, end, lineW := 0, 0, 0.0 // the line is p[start:end]
	flush := func() {
		lines = append(lines, strings.TrimRight(p[start:end], " "))
		start, lineW = end, 0
	}
	for ts := 0; ts < len(p); {
		te := ts + tokenLen(p[ts:])
		if start == end { // a line starts with no spaces
			ts = te - len(strings.TrimLeft(p[ts:te], " "))
			start, end = ts, ts
		}
		if lineW+c.Width(strings.TrimRight(p[ts:te], " "), size) <= w+1e-6 {
			end, lineW = te, lineW+c.Width(p[ts:te], size)
			ts = te
			continue
		}
		if start != end {
			flush()
			ts = te - len(strings.TrimLeft(p[ts:te], " "))
			start, end = ts, ts
		}
		for i, r := range p[ts:te] { // what does not fit a line alone is broken anywhere
			n := utf8.RuneLen(r)
			rw := c.Width(p[ts+i:ts+i+n], size)
			if lineW+rw > w+1e-6 && start != end && r != ' ' {
				flush()
				start, end = ts+i, ts+i
			}
			end, lineW = ts+i+n, lineW+rw
		}
		ts = te
	}
	if start != end || len(lines) == 0 {
		flush()
	}
	return lines
}

// tokenLen is the length of the unbreakable piece p starts with: a CJK
// character (with any closing punctuation that follows it), a Latin word
// with its trailing spaces.
func tokenLen(p string) int {
	r, j := utf8.DecodeRuneInString(p)
	if !breaksAnywhere(r) && !unicode.IsSpace(r) {
		for j < len(p) {
			r, n := utf8.DecodeRuneInString(p[j:])
			if breaksAnywhere(r) || unicode.IsSpace(r) {
				break
			}
			j += n
		}
	}
	for j < len(p) {
		r, n := utf8.DecodeRuneInString(p[j:])
		if !unicode.IsSpace(r) && !noLineStart(r) {
			break
		}
		j += n
	}
	return j
}

// breaksAnywhere reports runes that may be broken before and after: CJK
// ideographs, kana, hangul, fullwidth forms and CJK punctuation.
func breaksAnywhere(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// noLineStart reports punctuation that must not begin a line (禁则).
func noLineStart(r rune) bool {
	return strings.ContainsRune("，。、；：？！）》」』】〕〉”’,.;:?!)]}%", r)
}

// Baseline is the distance in points from the top of a box boxH points high
// to the baseline of line i (from 0) of n lines of text at size points,
// aligned vertically by valign ("top", "middle" or "" for middle, "bottom"):
// each line is centred in its LineHeight pitch on f's ascender and descender.
// The renderer draws with it and lint compares baselines with it.
func Baseline(f *Font, size, boxH float64, i, n int, valign string) float64 {
	lineH := size * LineHeight
	top := 0.0
	switch valign {
	case "middle", "":
		if boxH > 0 {
			top = (boxH - lineH*float64(n)) / 2
		}
	case "bottom":
		top = boxH - lineH*float64(n)
	}
	mid := float64(f.Ascent+f.Descent) / 2 / float64(f.UnitsPerEm) * size
	return top + lineH*(float64(i)+0.5) + mid
}
