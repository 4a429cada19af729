package render

import (
	"bytes"
	"strings"
	"testing"

	"ezz/internal/catalogue"
)

// TestLabelsInPrefix: the glyphs of the fixed texts and of the dates are
// subset once, in the prefix every face starts with, and no document's own
// subset holds one of them again.
func TestLabelsInPrefix(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(r.prefix.data, []byte("/FontFile2")); n != 1 || len(r.labels.fonts) != 1 {
		t.Fatalf("prefix holds %d font files for %d label fonts, want microhei's", n, len(r.labels.fonts))
	}
	for _, want := range []string{"食", "证", "年", "月", "0", "9"} {
		g := r.chain.Font(0).GlyphIndex([]rune(want)[0])
		if d, _ := r.labels.label(r.chain.Font(0), g, []rune(want)[0]); d == nil {
			t.Errorf("%q is not a label glyph", want)
		}
	}
	for i, s := range tpl.Samples {
		p := r.newPage()
		for j, el := range r.elems {
			if el.Kind == catalogue.KindField {
				if err := p.element(j, el, Doc{Values: s}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, d := range p.fonts {
			for k, g := range d.gids {
				if l, _ := r.labels.label(d.f, g, d.runes[k]); l != nil {
					t.Errorf("sample %d: %q is in the prefix and in the document's own subset", i+1, d.runes[k])
				}
			}
		}
	}
}

// TestStaticDrawnOnce: a face copied from the fixed texts drawn once is
// byte for byte the face drawn from scratch.
func TestStaticDrawnOnce(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	r, err := NewRenderer(tpl, Options{Watermark: "样例"})
	if err != nil {
		t.Fatal(err)
	}
	doc := Doc{Values: tpl.Samples[0], QR: testQR(), Identifier: "1.2.156.TEST"}
	cached, err := r.RenderDoc(doc)
	if err != nil {
		t.Fatal(err)
	}
	statics := 0
	for i := range r.elems {
		if r.elems[i].static != nil {
			statics++
		}
		r.elems[i].static = nil
	}
	if statics == 0 || r.markContent == nil {
		t.Fatalf("%d fixed texts drawn once, watermark %v: want all", statics, r.markContent != nil)
	}
	r.markContent = nil
	fresh, err := r.RenderDoc(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cached, fresh) {
		t.Error("the face with its fixed texts copied differs from the face drawn from scratch")
	}
}

// TestLabelOfAnotherRune: 年 U+5E74 and the compatibility ideograph 年
// U+F98E are one glyph of microhei. The label font maps it to U+5E74 (a
// date's), so U+F98E — in a value or in a fixed text — is drawn from a
// document's own subset and its text reads back as U+F98E.
func TestLabelOfAnotherRune(t *testing.T) {
	tpl := testTemplate(t)
	tpl.Face.Elements = append(tpl.Face.Elements,
		catalogue.Element{Kind: "text", Text: "年\uF98E", X: 10, Y: 80, W: 30, H: 8, Size: 10})
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if last := r.elems[len(r.elems)-1]; last.static != nil {
		t.Error("a fixed text with a glyph labelled for another rune: want it drawn per page")
	}
	values := map[string]string{"name": "年\uF98E年", "date": "2019-03-01"}
	pdf, err := r.Render(values, testQR())
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf)
	for _, want := range []string{"年\uF98E年", "2019年3月1日"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q (%U); got\n%s", want, []rune(want), text)
		}
	}
	if n := strings.Count(text, "\uF98E"); n != 2 {
		t.Errorf("pdftotext has U+F98E %d times, want 2 (the value's and the fixed text's)", n)
	}
}

// TestRoomReserved: a face is written into one buffer sized from its parts,
// with the signing room spare: an underestimate would grow (copy) the file
// and double its capacity, an overestimate clears memory for nothing.
func TestRoomReserved(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rare := map[string]string{"operator_name": "刘䶮𠮷堃喆赟珺商行", "legal_rep": "𠮷野家", "issue_date": "2019-03-01"}
	for i, values := range append(tpl.Samples, rare) {
		pdf, _, err := r.Face(values, testQR(), "")
		if err != nil {
			t.Fatal(err)
		}
		if spare := cap(pdf) - len(pdf); spare < signingRoom || spare > signingRoom+32<<10 {
			t.Errorf("values %d: %d bytes spare after %d, want %d to %d", i+1, spare, len(pdf), signingRoom, signingRoom+32<<10)
		}
	}
}
