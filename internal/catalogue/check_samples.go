package catalogue

import (
	"fmt"

	"ezz/internal/dataitem"
	"ezz/internal/font"
	"ezz/internal/text"
)

// checkSamples validates every sample record against the template's own
// data-item standard, then checks that every text on the face — static text
// and each sample's values — can be drawn by its font chain and fits its box.
func (l *Linter) checkSamples(d *doc, t *Template, chains faceFonts) {
	if len(t.Samples) == 0 && (d.root == nil || child(d.root, "samples") != nil) {
		d.atPath(p("samples"), RuleNoSamples, text.F("模板没有证照样例；请在 samples 下添加一条",
			"the template has no sample record (证照样例); add one under samples"))
	}
	for i, e := range t.Face.Elements {
		if e.Kind == KindText && i < len(chains) && chains[i] != nil {
			l.checkText(d, t, chains[i], e, e.Text, text.F("元素 %d 的文字", "element %d text", i+1), p("face", "elements", i, "text"))
		}
	}
	std, _ := t.Standard().Compile() // nil: its defects are reported at the items
	ids := itemIDs(t)
	for s, sample := range t.Samples {
		for key := range sample {
			if _, ok := t.Item(key); !ok {
				d.at(d.key("samples", s, key), RuleUndefinedRef, text.F("样例 %[1]d：%[2]q 不是数据项；请用数据项 id 作键%[3]s",
					"sample %d: %q is not an item%s; use item ids as keys", s+1, key, didYouMean(key, ids)))
			}
		}
		values := sample
		if std != nil {
			var errs []dataitem.FieldError
			values, errs = std.Validate(sample)
			for _, fe := range errs {
				labelled := text.New(fe.Label+"："+fe.Message.Zh, fmt.Sprintf("%s (%s): %s", fe.Label, fe.Item, fe.Message.En))
				d.atPath(p("samples", s, fe.Item), RuleSampleInvalid, text.F("样例 %d：%s [%s]；请修正样例或该数据项的标准",
					"sample %d: %s [%s]; fix the sample or the item's standard", s+1, labelled, fe.Code))
			}
		}
		l.checkSampleFace(d, t, chains, s, values)
	}
}

func (l *Linter) checkSampleFace(d *doc, t *Template, chains faceFonts, s int, values map[string]string) {
	for i, e := range t.Face.Elements {
		if e.Kind != KindField || i >= len(chains) || chains[i] == nil || values[e.Field] == "" {
			continue
		}
		it, ok := t.Item(e.Field)
		if !ok {
			continue
		}
		where := text.F("样例 %d 的字段 %s", "sample %d field %s", s+1, e.Field)
		at := p("samples", s, e.Field)
		if _, given := t.Samples[s][e.Field]; !given {
			at = p("samples", s) // a default filled it in
		}
		l.checkText(d, t, chains[i], e, FormatValue(it, e.Format, values[e.Field]), where, at)
	}
}

// checkText reports the characters chain cannot draw and text that does not fit e's box.
func (l *Linter) checkText(d *doc, t *Template, chain *font.Chain, e Element, s string, where text.T, at []any) {
	for _, r := range chain.Missing(s) {
		d.atPath(at, RuleMissingGlyph, text.F("字符“%c”(U+%04X) 在%s 中：字体链中没有字体包含该字符；请加入包含它的字体，如 %s",
			"character %c (U+%04X) in %s: no font in the chain has it; add a font that covers it, e.g. %s",
			r, r, where, l.suggestFont(t, r)))
	}
	b := font.Box{W: e.W, H: e.H, Size: e.fontSize(), MinSize: e.MinSize, Wrap: e.Wrap, Shrink: e.Shrink}
	lay, ok := chain.Fit(s, b)
	if ok {
		return
	}
	wide := 0.0
	for _, line := range lay.Lines {
		wide = max(wide, chain.Width(line, lay.Size))
	}
	high := float64(len(lay.Lines)) * lay.Size * font.PtToMM * font.LineHeight
	d.atPath(at, RuleTextOverflow, text.F(
		"%s %q 放不进 %.1f×%.1f mm 的框：字号 %.1f pt 时需要 %.1f×%.1f mm、%d 行；请加大框、允许 wrap/shrink 或调低 min_size",
		"%s %q does not fit the %.1f×%.1f mm box: at %.1f pt it needs %.1f×%.1f mm in %d line(s); widen the box, allow wrap/shrink or lower min_size",
		where, s, e.W, e.H, lay.Size, wide, high, len(lay.Lines)))
}

// fallbackFonts are fonts worth suggesting for characters a chain lacks.
var fallbackFonts = []string{"HanaMinA.ttf", "HanaMinB.ttf", "wqy-microhei.ttc", "DejaVuSans.ttf"}

func (l *Linter) suggestFont(t *Template, r rune) text.T {
	for _, name := range fallbackFonts {
		c, err := l.chain([]string{name}, l.fontDirs(t))
		if err == nil && len(c.Missing(string(r))) == 0 {
			return text.New(name, name)
		}
	}
	return text.F("HanaMinA.ttf 或 HanaMinB.ttf（Debian 软件包 fonts-hanazono）", "HanaMinA.ttf or HanaMinB.ttf (Debian fonts-hanazono)")
}
