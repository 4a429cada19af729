package stamp

import (
	"fmt"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// pen draws characters with a chain of fonts.
type pen struct {
	fonts []*sfnt.Font
	buf   sfnt.Buffer
}

func newPen(data [][]byte) (*pen, error) {
	p := &pen{}
	for i, d := range data {
		f, err := sfnt.Parse(d)
		if err != nil {
			return nil, fmt.Errorf("seal: font %d: %w", i, err)
		}
		p.fonts = append(p.fonts, f)
	}
	if len(p.fonts) == 0 {
		return nil, fmt.Errorf("seal: no font to draw the office name with")
	}
	return p, nil
}

// glyph is one character's outline at size px, in pixels from its origin
// on the baseline, y down; adv is its advance.
type glyph struct {
	segs sfnt.Segments
	adv  float32
}

func (p *pen) glyph(r rune, px float32) (glyph, error) {
	ppem := fixed.Int26_6(px * 64)
	for _, f := range p.fonts {
		gid, err := f.GlyphIndex(&p.buf, r)
		if err != nil || gid == 0 {
			continue
		}
		segs, err := f.LoadGlyph(&p.buf, gid, ppem, nil)
		if err != nil {
			return glyph{}, fmt.Errorf("seal: character %q: %w", r, err)
		}
		adv, err := f.GlyphAdvance(&p.buf, gid, ppem, font.HintingNone)
		if err != nil {
			return glyph{}, fmt.Errorf("seal: character %q: %w", r, err)
		}
		return glyph{segs: append(sfnt.Segments(nil), segs...), adv: float32(adv) / 64}, nil
	}
	return glyph{}, fmt.Errorf("seal: no font has the character %q of the office name", r)
}

// place adds g to z with its advance centred at (x, y) on its baseline, its
// x axis along (tx, ty) and its up along (ux, uy).
func place(z *vector.Rasterizer, g glyph, x, y, tx, ty, ux, uy float32) {
	at := func(p fixed.Point26_6) (float32, float32) {
		gx, gy := float32(p.X)/64-g.adv/2, -float32(p.Y)/64
		return x + gx*tx + gy*ux, y + gx*ty + gy*uy
	}
	for _, s := range g.segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			z.MoveTo(at(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			z.LineTo(at(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			bx, by := at(s.Args[0])
			cx, cy := at(s.Args[1])
			z.QuadTo(bx, by, cx, cy)
		case sfnt.SegmentOpCubeTo:
			bx, by := at(s.Args[0])
			cx, cy := at(s.Args[1])
			dx, dy := at(s.Args[2])
			z.CubeTo(bx, by, cx, cy, dx, dy)
		}
	}
	z.ClosePath()
}

// arc adds the name along the upper arc inside the ring, left to right,
// each character upright towards the rim; a long name gets smaller
// characters so that it spans at most 250°.
func (p *pen) arc(z *vector.Rasterizer, name []rune, c float32) error {
	const maxSpan = 250 * math.Pi / 180
	px := float32(0.13 * Size)
	rim := float32(0.425 * Size) // where the characters' tops are
	step := func(px float32) float64 { return float64(px*1.08) / float64(rim-px/2) }
	for float64(len(name))*step(px) > maxSpan && px > 8 {
		px *= 0.95
	}
	span := math.Min(maxSpan, float64(len(name))*step(px))
	base := rim - px*0.88 // the baseline, under the tops
	for i, r := range name {
		g, err := p.glyph(r, px)
		if err != nil {
			return err
		}
		a := math.Pi/2 + span/2 - (float64(i)+0.5)*span/float64(len(name))
		ux, uy := float32(math.Cos(a)), -float32(math.Sin(a)) // outwards (image y is down)
		tx, ty := -uy, ux                                     // clockwise along the arc
		place(z, g, c+base*ux, c+base*uy, tx, ty, ux, uy)
	}
	return nil
}

// line adds text set straight, centred at (cx, y) on its baseline.
func (p *pen) line(z *vector.Rasterizer, text []rune, cx, y, px float32) error {
	gs := make([]glyph, len(text))
	var w float32
	for i, r := range text {
		g, err := p.glyph(r, px)
		if err != nil {
			return err
		}
		gs[i], w = g, w+g.adv
	}
	x := cx - w/2
	for _, g := range gs {
		place(z, g, x+g.adv/2, y, 1, 0, 0, -1)
		x += g.adv
	}
	return nil
}
