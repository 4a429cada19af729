package catalogue

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"ezz/internal/dataitem"
	"ezz/internal/font"
)

// faceFonts holds the font chain of every element (nil when it does not resolve).
type faceFonts []*font.Chain

// checkFace checks the page, the images, the font chains and every element,
// then the geometry: elements outside the page and overlapping each other.
func (l *Linter) checkFace(d *doc, t *Template) faceFonts {
	f := t.Face
	pw, ph, perr := f.Page.Dimensions()
	if perr != nil && (d.root == nil || child(child(d.root, "face"), "page") != nil) {
		d.atPath(p("face", "page"), RulePage, "face.page: %v", perr)
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
			d.atPath(path, RuleOutsidePage, "element %d (%s) spans x %.1f–%.1f, y %.1f–%.1f mm, beyond the %.0f×%.0f mm page; move or shrink it",
				i+1, e.describe(), b.x, b.x+b.w, b.y, b.y+b.h, pw, ph)
		}
		boxes = append(boxes, b)
	}
	d.checkOverlaps(t, boxes)
	d.checkSealAndQR(t)
	return chains
}

const eps = 0.01 // mm

func (l *Linter) checkImage(d *doc, t *Template, name string, path []any) imageResult {
	r := l.image(t.assetPath(name))
	switch {
	case r.missing:
		d.atPath(path, RuleMissingFile, "image %q: %v; put the file next to the template (paths are relative to %s)", name, r.err, t.Dir)
	case r.err != nil:
		d.atPath(path, RuleBadImage, "image %q: %v; export it again as PNG (with transparency for a seal) or JPEG", name, r.err)
	}
	return r
}

// checkFonts resolves each font of a chain on its own (to name the missing
// ones) and returns the whole chain, or nil.
func (l *Linter) checkFonts(d *doc, t *Template, names []string, path []any) *font.Chain {
	dirs := l.fontDirs(t)
	ok := len(names) > 0
	for i, name := range names {
		_, err := l.chain([]string{name}, dirs)
		var nf *font.NotFoundError
		switch {
		case errors.As(err, &nf):
			d.atPath(append(path, i), RuleMissingFont, "font %q is not in the template's directory, --font-dir or the system font directories; install it (scripts/install-deps.sh) or pass --font-dir DIR", name)
			ok = false
		case err != nil:
			d.atPath(append(path, i), RuleBadFont, "font %q cannot be used: %v; use a TrueType font (.ttf, or .ttc)", name, err)
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
	at := func(key, format string, args ...any) {
		d.atPath(append(path, key), RuleElement, format, args...)
	}
	switch e.Kind {
	case KindField:
		d.checkFieldElement(t, e, path)
	case KindText:
		if strings.TrimSpace(e.Text) == "" {
			at("text", "a text element needs text: the static text to draw")
		}
	case KindSeal, KindImage:
		if e.Image == "" {
			at("image", "a %s element needs image: the file to draw", e.Kind)
		}
	case KindQR:
		if e.H != 0 && e.H != e.W {
			at("h", "the QR code is square: drop h or make it equal to w (%.1f)", e.W)
		}
	default:
		return false // the walker reported the kind
	}
	ok := true
	if !(e.W > 0 && e.W <= maxPageMM && e.H >= 0 && e.H <= maxPageMM) || !finite(e.X, e.Y) {
		at("w", "x and y must be numbers, w and h positive millimetres up to %d (h may be 0 for one line of text), got w %.1f, h %.1f", maxPageMM, e.W, e.H)
		ok = false
	}
	if !e.sizeOK() {
		at("size", "size must be 0–200 pt and min_size at most size, got size %.1f, min_size %.1f", e.Size, e.MinSize)
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
		d.atPath(append(path, "field"), RuleElement, "a field element needs field: the id of the item to draw")
		return
	}
	it, ok := t.Item(e.Field)
	if !ok {
		d.atPath(append(path, "field"), RuleUndefinedRef, "face element field %q is not an item%s; use the id of an item in items",
			e.Field, didYouMean(e.Field, itemIDs(t)))
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
		d.atPath(append(path, "format"), RuleElement, "format %q does not apply to item %q of type %s%s",
			e.Format, e.Field, it.Type, formatHint(want))
	}
}

func formatHint(want []string) string {
	if len(want) == 0 {
		return "; remove format"
	}
	return "; use " + strings.Join(want, ", ")
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

func (e Element) describe() string {
	switch e.Kind {
	case KindField:
		return "field " + e.Field
	case KindText:
		return fmt.Sprintf("text %q", e.Text)
	case KindSeal, KindImage:
		return e.Kind + " " + e.Image
	}
	return e.Kind
}
