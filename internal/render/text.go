package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"ezz/internal/catalogue"
	"ezz/internal/font"
)

// blanks turns a value's CRLF line breaks and tabs into a line break and a space.
var blanks = strings.NewReplacer("\r\n", "\n", "\t", " ")

// layout lays s out in the element's box; an error if a character cannot be
// drawn or the text does not fit.
func (el element) layout(s string) (font.Layout, error) {
	if !utf8.ValidString(s) {
		return font.Layout{}, fmt.Errorf("%s: value is not valid UTF-8", el.name)
	}
	if strings.ContainsAny(s, "\r\t") {
		s = blanks.Replace(s)
	}
	for _, r := range s {
		if r != '\n' && unicode.IsControl(r) {
			return font.Layout{}, fmt.Errorf("%s: control character U+%04X in the text", el.name, r)
		}
	}
	if m := el.chain.Missing(s); len(m) > 0 {
		return font.Layout{}, &GlyphError{Where: el.name, Rune: m[0], Fonts: el.chain.Names()}
	}
	l, ok := el.chain.Fit(s, font.Box{W: el.W, H: el.H, Size: el.Size, MinSize: el.MinSize, Wrap: el.Wrap, Shrink: el.Shrink})
	if !ok {
		return l, &FitError{Where: el.name, Text: s, W: el.W, H: el.H, MinSize: l.Size}
	}
	return l, nil
}

// Check finds what would stop values from being drawn — a character no font
// has, a value too long for its box — without drawing anything.
func (r *Renderer) Check(values map[string]string) error {
	_, err := r.Lay(values)
	return err
}

// Layout is a face's field texts laid out for one set of values: what Check
// computes, handed to the drawing (Doc.Layout, FaceLaid) so that a face
// checked before its serial number is spent is not laid out twice.
type Layout struct {
	fields []font.Layout // by element index; Lines nil for an empty or non-field element
}

// Lay lays out the field texts of values, or says what would stop them from
// being drawn, as Check does.
func (r *Renderer) Lay(values map[string]string) (*Layout, error) {
	l := &Layout{fields: make([]font.Layout, len(r.elems))}
	for i, el := range r.elems {
		if v := values[el.Field]; el.Kind == catalogue.KindField && v != "" {
			fl, err := el.layout(formatValue(el.item, el.Format, v))
			if err != nil {
				return nil, err
			}
			l.fields[i] = fl
		}
	}
	return l, nil
}

// text lays s out in the element's box and draws it, line by line and run by run.
func (p *page) text(el element, s string) error {
	l, err := el.layout(s)
	if err != nil {
		return err
	}
	return p.draw(el, l)
}

// draw draws a laid-out text in the element's box, line by line and run by run.
func (p *page) draw(el element, l font.Layout) error {
	top, f0 := el.Y*mmToPt, el.chain.Font(0)
	p.c = append(p.c, el.color...)
	p.c = append(p.c, '\n')
	for i, line := range l.Lines {
		w := el.chain.Width(line, l.Size) * mmToPt
		x := el.X * mmToPt
		switch el.Align {
		case "center":
			x += (el.W*mmToPt - w) / 2
		case "right":
			x += el.W*mmToPt - w
		}
		baseline := top + font.Baseline(f0, l.Size, el.H*mmToPt, i, len(l.Lines), el.VAlign)
		p.c = append(p.c, "BT "...)
		p.op(x, p.r.hPt-baseline)
		p.c = append(p.c, "Td "...)
		if err := p.runs(el.chain, line, l.Size, el.name); err != nil {
			return err
		}
		p.c = append(p.c, "ET\n"...)
	}
	return nil
}

// runs shows s inside BT…ET, switching fonts along the chain, and between
// a font's label subset (in the prefix) and the document's own.
func (p *page) runs(c *font.Chain, s string, size float64, where string) error {
	runs, missing, ok := c.Runs(s)
	if !ok {
		return &GlyphError{Where: where, Rune: missing, Fonts: c.Names()}
	}
	for _, run := range runs {
		f := c.Font(run.Font)
		var cur *docFont
		i := 0
		for _, r := range run.Text {
			g := run.Glyphs[i]
			i++
			d, id := p.r.labels.label(f, g, r)
			if d == nil {
				d = p.font(f)
				id = d.use(g, r)
			}
			if d != cur {
				if cur != nil {
					p.c = append(p.c, "> Tj "...)
				}
				p.selectFont(d, size)
				cur = d
			}
			p.c = appendHex16(p.c, id)
		}
		p.c = append(p.c, "> Tj "...)
	}
	return nil
}

// selectFont starts showing glyphs of d at size.
func (p *page) selectFont(d *docFont, size float64) {
	p.c = append(p.c, '/')
	p.c = append(p.c, d.res...)
	p.c = append(p.c, ' ')
	p.op(size)
	p.c = append(p.c, "Tf <"...)
}

func (p *page) font(f *font.Font) *docFont {
	if d, ok := p.byFont[f]; ok {
		return d
	}
	d := &docFont{f: f, res: fmt.Sprintf("F%d", len(p.fonts)+1), newID: map[uint16]uint16{}}
	p.fonts = append(p.fonts, d)
	p.byFont[f] = d
	return d
}

// FitError reports a value that does not fit its box even at the smallest size allowed.
type FitError struct {
	Where   string
	Text    string
	W, H    float64
	MinSize float64
}

func (e *FitError) Error() string {
	return fmt.Sprintf("%s: %q does not fit its %g×%g mm box even at %g pt", e.Where, e.Text, e.W, e.H, e.MinSize)
}

// Hint says what to do.
func (e *FitError) Hint() string {
	return "shorten the value, or give the element wrap: true, shrink: true and a smaller min_size in the template"
}
