package render

import (
	"fmt"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/font"
)

// labels are the glyphs every face of a Renderer draws — those of its fixed
// texts, its watermark and the characters its dates are written with —,
// subset once into fonts of the shared prefix (resources L1, L2…). Each
// document's own subsets then hold only the glyphs its values add, and
// the fixed texts' drawing is computed once (element.static).
type labels struct {
	fonts []*docFont // in object order, five objects each
	by    map[*font.Font]*docFont
}

// dateSample is a date whose formats show every character any date's do
// besides the other digits.
const dateSample = "2000-10-10"

// collectLabels gathers the label glyphs of the Renderer's elements.
func (r *Renderer) collectLabels() {
	r.labels.by = map[*font.Font]*docFont{}
	for _, el := range r.elems {
		switch {
		case el.fixed != nil:
			for _, line := range el.fixed.Lines {
				r.addLabel(el.chain, line)
			}
		case el.Kind == catalogue.KindField && el.item.Type == dataitem.Date:
			r.addLabel(el.chain, "0123456789"+formatValue(el.item, el.Format, dateSample))
		}
	}
	r.addLabel(r.chain, r.mark)
}

// addLabel adds the glyphs of s, as chain draws them, to the label fonts.
func (r *Renderer) addLabel(chain *font.Chain, s string) {
	runs, _, ok := chain.Runs(s)
	if !ok {
		return // not drawn: NewRenderer refuses the template
	}
	for _, run := range runs {
		f := chain.Font(run.Font)
		d := r.labels.by[f]
		if d == nil {
			d = &docFont{f: f, res: fmt.Sprintf("L%d", len(r.labels.fonts)+1), newID: map[uint16]uint16{}}
			r.labels.fonts = append(r.labels.fonts, d)
			r.labels.by[f] = d
		}
		i := 0
		for _, c := range run.Text {
			d.use(run.Glyphs[i], c)
			i++
		}
	}
}

// label returns the glyph id in f's label font of glyph g drawn for rune c,
// and that font; 0 when g is not a label glyph or was labelled for another
// rune (the ToUnicode map names one rune per glyph).
func (l *labels) label(f *font.Font, g uint16, c rune) (*docFont, uint16) {
	d := l.by[f]
	if d == nil {
		return nil, 0
	}
	id, ok := d.newID[g]
	if !ok || d.runes[id-1] != c {
		return nil, 0
	}
	return d, id
}

// objects is how many objects the label fonts take in the prefix.
func (l *labels) objects() int { return fontObjects * len(l.fonts) }

// write writes the label fonts from object number num on.
func (l *labels) write(w *pdfWriter, num int) error {
	for i, d := range l.fonts {
		if err := d.write(w, num+fontObjects*i, deflateShared, deflateShared); err != nil {
			return err
		}
	}
	return nil
}

// drawStatic draws the fixed texts and the watermark once, in label fonts
// only, for every page to copy.
func (r *Renderer) drawStatic() error {
	for i := range r.elems {
		el := &r.elems[i]
		if el.fixed == nil {
			continue
		}
		p := r.newPage()
		if err := p.draw(*el, *el.fixed); err != nil {
			return err
		}
		if len(p.fonts) == 0 { // else a glyph also labelled for another rune: drawn per page
			el.static = p.c
		}
	}
	if r.mark != "" {
		p := r.newPage()
		p.watermark(r.mark)
		if len(p.fonts) == 0 {
			r.markContent = p.c
		}
	}
	return nil
}
