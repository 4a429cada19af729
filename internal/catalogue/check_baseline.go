package catalogue

import (
	"math"

	"ezz/internal/font"

	"ezz/internal/text"
)

// baselineTolerance is how far, in points, a label's baseline may sit from
// its field's before the eye sees them on two lines (half a point).
const baselineTolerance = 0.5

// labelGap is the widest gap, in millimetres, between a label and the field
// it names on the same line.
const labelGap = 20

// checkBaselines warns when a static label and the field to its right, on one
// line, would not share a baseline: a different box, size or alignment puts
// them points apart. Each is measured as drawn (font.Baseline) with its first
// line at its nominal size.
func (d *doc) checkBaselines(t *Template, chains faceFonts) {
	els := t.Face.Elements
	for i, label := range els {
		j := fieldRightOf(els, i, chains)
		if label.Kind != KindText || chains[i] == nil || j < 0 {
			continue
		}
		a, b := baseline(label, chains[i]), baseline(els[j], chains[j])
		if math.Abs(a-b) > baselineTolerance {
			d.atPath(p("face", "elements", i), RuleBaseline, text.F(
				"文字 %q 与其右侧的字段 %s 在同一行，但基线相差 %.1f pt（%.1f pt 对 %.1f pt）；请让二者的 y、h、size 和 valign 一致",
				"text %q and field %s to its right are on one line but their baselines are %.1f pt apart (%.1f pt against %.1f pt); give both the same y, h, size and valign",
				label.Text, els[j].Field, math.Abs(a-b), label.fontSize(), els[j].fontSize()))
		}
	}
}

// fieldRightOf returns the index of the nearest field element to the right of
// element i whose box shares a line with it, or -1.
func fieldRightOf(els []Element, i int, chains faceFonts) int {
	best, gap := -1, float64(labelGap)
	a := els[i]
	for j, b := range els {
		if b.Kind != KindField || chains[j] == nil || j == i {
			continue
		}
		g := b.X - (a.X + a.W)
		if g < -eps || g > gap || !sameLine(a, b) {
			continue
		}
		best, gap = j, g
	}
	return best
}

// sameLine reports whether the first lines of a and b overlap vertically.
func sameLine(a, b Element) bool {
	ta, tb := a.Y, b.Y
	ha := a.fontSize() * font.PtToMM * font.LineHeight
	hb := b.fontSize() * font.PtToMM * font.LineHeight
	return ta < tb+max(b.H, hb) && tb < ta+max(a.H, ha)
}

// baseline is the element's first baseline from the top of the page, in points.
func baseline(e Element, c *font.Chain) float64 {
	return e.Y/font.PtToMM + font.Baseline(c.Font(0), e.fontSize(), e.H/font.PtToMM, 0, 1, e.VAlign)
}
