package font

import (
	"unicode"
	"unicode/utf8"
)

// PtToMM converts points to millimetres.
const PtToMM = 25.4 / 72

// Chain is a fallback chain of fonts: each rune is drawn by the first font that has it.
// A Chain is read-only and safe for concurrent use.
type Chain struct {
	names []string
	fonts []*Font
}

// Len is the number of fonts in the chain.
func (c *Chain) Len() int { return len(c.fonts) }

// Font returns font i of the chain.
func (c *Chain) Font(i int) *Font { return c.fonts[i] }

// Names returns the font names the chain was resolved from.
func (c *Chain) Names() []string { return c.names }

// TTF returns font i as a standalone TrueType file (for gopdf's AddTTFFontData).
func (c *Chain) TTF(i int) []byte { return c.fonts[i].data }

// Glyph returns the index in the chain of the font that draws r and its glyph id;
// ok is false when no font has r. Control characters are drawn by no font.
func (c *Chain) Glyph(r rune) (font int, gid uint16, ok bool) {
	for i, f := range c.fonts {
		if g := f.cmap.lookup(r); g != 0 {
			return i, g, true
		}
	}
	return 0, 0, false
}

// Missing returns the distinct runes of s, in order of first appearance, that no
// font of the chain can draw. Line breaks and other control characters are not reported.
func (c *Chain) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.IsControl(r) {
			continue
		}
		if _, _, ok := c.Glyph(r); ok || containsRune(out, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// advance returns the advance of r in ems (0 for a rune no font has).
func (c *Chain) advance(r rune) float64 {
	i, g, ok := c.Glyph(r)
	if !ok {
		return 0
	}
	f := c.fonts[i]
	return float64(f.adv[g]) / float64(f.UnitsPerEm)
}

// Width returns the width of s set at sizePt points, in millimetres.
// Runes no font has count as zero width (check Missing first).
func (c *Chain) Width(s string, sizePt float64) float64 {
	var em float64
	for _, r := range s {
		em += c.advance(r)
	}
	return em * sizePt * PtToMM
}

// Run is a stretch of text drawn with one font of the chain.
type Run struct {
	Font   int      // index in the chain
	Text   string   // the runes of the run
	Glyphs []uint16 // glyph ids in that font, one per rune
}

// Runs splits s into runs of consecutive runes drawn by the same font.
// It returns the first rune no font has, with ok false.
func (c *Chain) Runs(s string) (runs []Run, missing rune, ok bool) {
	start := 0
	for pos, r := range s {
		i, g, found := c.Glyph(r)
		if !found {
			return nil, r, false
		}
		if n := len(runs); n > 0 && runs[n-1].Font == i {
			runs[n-1].Glyphs = append(runs[n-1].Glyphs, g)
			runs[n-1].Text = s[start : pos+utf8.RuneLen(r)]
			continue
		}
		start = pos
		runs = append(runs, Run{Font: i, Text: s[pos : pos+utf8.RuneLen(r)], Glyphs: []uint16{g}})
	}
	return runs, 0, true
}
