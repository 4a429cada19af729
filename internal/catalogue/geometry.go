package catalogue

import (
	"ezz/internal/font"

	"ezz/internal/text"
)

// box is an element's rectangle on the page, in millimetres.
type box struct {
	x, y, w, h float64
	i          int // element index
	e          Element
}

// elementBox returns the rectangle an element occupies. A QR code is w×w;
// text without h is one line high; an image without h keeps its aspect ratio.
func elementBox(e Element, i int, img imageResult) box {
	b := box{x: e.X, y: e.Y, w: e.W, h: e.H, i: i, e: e}
	if b.h > 0 {
		return b
	}
	switch e.Kind {
	case KindQR:
		b.h = e.W
	case KindSeal, KindImage:
		b.h = e.W
		if img.w > 0 {
			b.h = e.W * float64(img.h) / float64(img.w)
		}
	default:
		b.h = e.fontSize() * font.PtToMM * font.LineHeight
	}
	return b
}

func (a box) overlaps(b box) bool {
	w := min(a.x+a.w, b.x+b.w) - max(a.x, b.x)
	h := min(a.y+a.h, b.y+b.h) - max(a.y, b.y)
	return w > eps && h > eps
}

func isText(e Element) bool { return e.Kind == KindField || e.Kind == KindText }

// checkOverlaps reports overlapping elements. A QR code over anything is an
// error (it must scan); a seal or image over text is an error unless it says
// overlap: true (a seal stamped over the authority name and date, as on
// paper); two text boxes overlapping is a warning.
func (d *doc) checkOverlaps(t *Template, boxes []box) {
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			if !a.overlaps(b) {
				continue
			}
			at := p("face", "elements", b.i)
			switch {
			case a.e.Kind == KindQR || b.e.Kind == KindQR:
				d.atPath(at, RuleOverlap, text.F("元素 %d（%s）与元素 %d（%s）重叠；二维码上不得有任何遮挡，请移开其中一个",
					"element %d (%s) overlaps element %d (%s); nothing may cover the QR code, move one of them",
					b.i+1, b.e.describe(), a.i+1, a.e.describe()))
			case isText(a.e) && isText(b.e):
				d.atPath(at, RuleOverlapText, text.F("元素 %d（%s）与元素 %d（%s）重叠；请移动或调整其中一个的大小，以免文字相互压盖",
					"element %d (%s) overlaps element %d (%s); move or resize one so the text does not collide",
					b.i+1, b.e.describe(), a.i+1, a.e.describe()))
			case (!isText(a.e) && !a.e.Overlap) || (!isText(b.e) && !b.e.Overlap):
				d.atPath(at, RuleOverlap, text.F("元素 %d（%s）与元素 %d（%s）重叠；请移开它，若印章/图片本应盖在文字上，请在该元素上设置 overlap: true",
					"element %d (%s) overlaps element %d (%s); move it, or set overlap: true on the seal/image if it is meant to lie over the text",
					b.i+1, b.e.describe(), a.i+1, a.e.describe()))
			}
		}
	}
}

// checkSealAndQR warns when the face lacks a seal pattern or a QR code.
func (d *doc) checkSealAndQR(t *Template) {
	var seal, qr bool
	for _, e := range t.Face.Elements {
		seal = seal || e.Kind == KindSeal
		qr = qr || e.Kind == KindQR
	}
	if !seal && len(t.Face.Elements) > 0 {
		d.atPath(p("face", "elements"), RuleNoSeal, text.F("照面没有印章元素（印章图样）；请添加 {kind: seal, image: assets/seal.png, …}",
			"the face has no seal element (印章图样); add {kind: seal, image: assets/seal.png, …}"))
	}
	if !qr && len(t.Face.Elements) > 0 {
		d.atPath(p("face", "elements"), RuleNoQR, text.F("照面没有二维码；请添加 {kind: qr, x: …, y: …, w: 30}，以便核验证照",
			"the face has no QR code; add {kind: qr, x: …, y: …, w: 30} so the certificate can be verified"))
	}
}
