package catalogue

import (
	"errors"
	"math"
	"strings"

	"ezz/internal/dataitem"
	"ezz/internal/font"

	"ezz/internal/text"
)

// faceFonts holds the font chain of every element (nil when it does not resolve).
type faceFonts []*font.Chain

// checkFace checks the page, the images, the font chains and every element,
// then the geometry: elements outside the page and overlapping each other.
func (l *Linter) checkFace(d *doc, t *Template) faceFonts {
	f := t.Face
	pw, ph, perr := f.Page.Dimensions()
	if perr != nil && (d.root == nil || child(child(d.root, "face"), "page") != nil) {
		d.atPath(p("face", "page"), RulePage, text.F("页面 face.page 有误：%v", "face.page: %v", perr))
	}
	if f.BaseImage != "" {
		l.checkImage(d, t, f.BaseImage, p("face", "base_image"))
	}
	faceChain := l.checkFonts(d, t, f.Fonts, p("face", "fonts"))
	chains := make(faceFonts, len(f.Elements))
	var boxes []box
	for i, e := range f.Elements {
		path := p("face", "elements", i)
		chains[i] = faceChain
		if len(e.Fonts) > 0 {
			chains[i] = l.checkFonts(d, t, e.Fonts, append(path, "fonts"))
		}
		var img imageResult
		if (e.Kind == KindSeal || e.Kind == KindImage) && e.Image != "" {
			img = l.checkImage(d, t, e.Image, append(path, "image"))
		}
		if !d.checkElement(t, e, path) {
			chains[i] = nil // no text checks on an element whose box is unusable
			continue
		}
		b := elementBox(e, i, img)
		if perr == nil && (b.x < -eps || b.y < -eps || b.x+b.w > pw+eps || b.y+b.h > ph+eps) {
			d.atPath(path, RuleOutsidePage, text.F(
				"元素 %d（%s）占据 x %.1f–%.1f、y %.1f–%.1f mm，超出了 %.0f×%.0f mm 的页面；请移动或缩小它",
				"element %d (%s) spans x %.1f–%.1f, y %.1f–%.1f mm, beyond the %.0f×%.0f mm page; move or shrink it",
				i+1, e.describe(), b.x, b.x+b.w, b.y, b.y+b.h, pw, ph))
		}
		boxes = append(boxes, b)
	}
	d.checkOverlaps(t, boxes)
	d.checkSealAndQR(t)
	return chains
}

const eps = 0.01 // mm

func (l *Linter) checkImage(d *doc, t *Template, name string, path []any) imageResult {
	checkInside(d, t, name, path)
	r := l.image(t.assetPath(name))
	switch {
	case r.missing:
		d.atPath(path, RuleMissingFile, text.F("图片 %q：%v；请把文件放在模板旁边（路径相对于 %s）",
			"image %q: %v; put the file next to the template (paths are relative to %s)", name, r.err, t.Dir))
	case r.err != nil:
		d.atPath(path, RuleBadImage, text.F("图片 %q：%v；请重新导出为 PNG（印章用透明背景）或 JPEG",
			"image %q: %v; export it again as PNG (with transparency for a seal) or JPEG", name, r.err))
	}
	return r
}

// checkFonts resolves each font of a chain on its own (to name the missing
// ones) and returns the whole chain, or nil.
func (l *Linter) checkFonts(d *doc, t *Template, names []string, path []any) *font.Chain {
	dirs := l.fontDirs(t)
	ok := len(names) > 0
	for i, name := range names {
		if strings.ContainsRune(name, '/') {
			checkInside(d, t, name, append(path, i))
		}
		_, err := l.chain([]string{name}, dirs)
		var nf *font.NotFoundError
		switch {
		case errors.As(err, &nf):
			d.atPath(append(path, i), RuleMissingFont, text.F(
				"字体 %q 不在模板所在目录、--font-dir 或系统字体目录中；请安装该字体（scripts/install-deps.sh）或用 --font-dir 指定字体目录",
				"font %q is not in the template's directory, --font-dir or the system font directories; install it (scripts/install-deps.sh) or pass --font-dir DIR", name))
			ok = false
		case err != nil:
			d.atPath(append(path, i), RuleBadFont, text.F("字体 %q 无法使用：%v；请使用 TrueType 字体（.ttf 或 .ttc）",
				"font %q cannot be used: %v; use a TrueType font (.ttf, or .ttc)", name, err))
			ok = false
		}
	}
	if !ok {
		return nil
	}
	c, err := l.chain(names, dirs)
	if err != nil {
		return nil
	}
	return c
}

// checkElement checks what one element needs; false means its geometry is unusable.
func (d *doc) checkElement(t *Template, e Element, path []any) bool {
	at := func(key string, m text.T) {
		d.atPath(append(path, key), RuleElement, m)
	}
	switch e.Kind {
	case KindField:
		d.checkFieldElement(t, e, path)
	case KindText:
		if strings.TrimSpace(e.Text) == "" {
			at("text", text.F("text 元素需要 text：要印出的固定文字", "a text element needs text: the static text to draw"))
		}
	case KindSeal, KindImage:
		if e.Image == "" {
			at("image", text.F("%s 元素需要 image：要印出的图片文件", "a %s element needs image: the file to draw", e.Kind))
		}
	case KindQR:
		if e.H != 0 && e.H != e.W {
			at("h", text.F("二维码是正方形：请删除 h 或使其等于 w（%.1f）", "the QR code is square: drop h or make it equal to w (%.1f)", e.W))
		}
	default:
		return false // the walker reported the kind
	}
	ok := true
	if !(e.W > 0 && e.W <= maxPageMM && e.H >= 0 && e.H <= maxPageMM) || !finite(e.X, e.Y) {
		at("w", text.F("x、y 必须是数字，w、h 必须是不超过 %d 的正毫米数（单行文字的 h 可为 0），现为 w %.1f、h %.1f",
			"x and y must be numbers, w and h positive millimetres up to %d (h may be 0 for one line of text), got w %.1f, h %.1f", maxPageMM, e.W, e.H))
		ok = false
	}
	if !e.sizeOK() {
		at("size", text.F("size 必须在 0–200 pt 之间，min_size 不得大于 size，现为 size %.1f、min_size %.1f",
			"size must be 0–200 pt and min_size at most size, got size %.1f, min_size %.1f", e.Size, e.MinSize))
		ok = false
	}
	return ok
}

// sizeOK reports whether the font sizes are sane (and safe to shrink-fit).
func (e Element) sizeOK() bool {
	return e.Size >= 0 && e.Size <= 200 && e.MinSize >= 0 && e.MinSize <= e.fontSize()
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func (d *doc) checkFieldElement(t *Template, e Element, path []any) {
	if e.Field == "" {
		d.atPath(append(path, "field"), RuleElement, text.F("field 元素需要 field：要印出的数据项 id", "a field element needs field: the id of the item to draw"))
		return
	}
	it, ok := t.Item(e.Field)
	if !ok {
		d.atPath(append(path, "field"), RuleUndefinedRef, text.F("照面元素的 field %[1]q 不是数据项；请使用 items 中某个数据项的 id%[2]s",
			"face element field %q is not an item%s; use the id of an item in items", e.Field, didYouMean(e.Field, itemIDs(t))))
		return
	}
	var want []string
	switch it.Type {
	case dataitem.Date:
		want = []string{"zh", "iso", "dots"}
	case dataitem.Enum:
		want = []string{"label", "code"}
	}
	if e.Format != "" && !contains(want, e.Format) {
		d.atPath(append(path, "format"), RuleElement, text.F("format %[1]q 不适用于类型为 %[3]s 的数据项 %[2]q%[4]s",
			"format %q does not apply to item %q of type %s%s", e.Format, e.Field, it.Type, formatHint(want)))
	}
}

func formatHint(want []string) text.T {
	if len(want) == 0 {
		return text.F("；请删除 format", "; remove format")
	}
	return text.F("；可用 %s", "; use %s", text.New(strings.Join(want, "、"), strings.Join(want, ", ")))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fontSize is the element's font size in points.
func (e Element) fontSize() float64 {
	if e.Size > 0 {
		return e.Size
	}
	return DefaultFontSize
}

func (e Element) describe() text.T {
	switch e.Kind {
	case KindField:
		return text.F("字段 %s", "field %s", e.Field)
	case KindText:
		return text.F("文字 %q", "text %q", e.Text)
	case KindSeal:
		return text.F("印章 %s", "seal %s", e.Image)
	case KindImage:
		return text.F("图片 %s", "image %s", e.Image)
	case KindQR:
		return text.F("二维码", "qr")
	}
	return text.New(e.Kind, e.Kind)
}
