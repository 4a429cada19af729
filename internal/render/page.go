package render

import (
	"bytes"
	"crypto/md5"
	"fmt"
	"math"
	"strconv"

	"ezz/internal/catalogue"
	"ezz/internal/font"
	"ezz/internal/pdfsig"
	"ezz/internal/qr"
)

// signingRoom is the spare capacity a face is returned with, so that
// pdfsig.Sign appends its update (signature, record, metadata: ≈ 15–25 KB)
// without copying the file.
const signingRoom = 40 << 10

// page is the state of one document being drawn.
type page struct {
	r      *Renderer
	c      []byte // content stream
	fonts  []*docFont
	byFont map[*font.Font]*docFont
	images []bool      // which images the page uses
	seal   *sealResult // the document's seal, in its prefix; nil without
	sealed bool        // whether the page itself draws the seal
}

// RenderDoc draws one face, its seal included, and returns the unsigned PDF.
func (r *Renderer) RenderDoc(d Doc) ([]byte, error) {
	d.sealAsSignature = false
	pdf, _, err := r.render(d)
	return pdf, err
}

func (r *Renderer) render(d Doc) ([]byte, *pdfsig.Appearance, error) {
	if d.QR == nil && d.QRPayload != "" {
		m, err := qr.Modules(d.QRPayload)
		if err != nil {
			return nil, nil, err
		}
		d.QR = m
	}
	p := r.newPage()
	if r.base >= 0 {
		p.image(r.base, 0, 0, r.wPt, r.hPt)
	}
	var ap *pdfsig.Appearance
	if d.Layout != nil && len(d.Layout.fields) != len(r.elems) {
		return nil, nil, fmt.Errorf("render: a layout of another face")
	}
	for i, el := range r.elems {
		if el.Kind == catalogue.KindSeal {
			var err error
			if p.seal, err = r.seal(d.Seal); err != nil {
				return nil, nil, err
			}
			if d.sealAsSignature && ap == nil {
				ap = p.appearance(el)
			} else {
				p.drawSeal(el)
			}
			continue
		}
		if err := p.element(i, el, d); err != nil {
			return nil, nil, err
		}
	}
	switch {
	case r.markContent != nil:
		p.c = append(p.c, r.markContent...)
	case r.mark != "":
		p.watermark(r.mark)
	}
	pdf, err := p.write(d)
	return pdf, ap, err
}

func (r *Renderer) newPage() *page {
	return &page{r: r, c: make([]byte, 0, r.contentRoom), byFont: map[*font.Font]*docFont{}, images: make([]bool, len(r.images))}
}

// contentRoom is the content stream's first capacity: its texts, and a QR
// code's rectangles (≈ 7 KB for the 49 modules of a token).
func contentRoom(elems []element) int {
	n := 4096
	for _, el := range elems {
		switch el.Kind {
		case catalogue.KindQR:
			n += 8 << 10
		case catalogue.KindField, catalogue.KindText:
			n += 256
		}
	}
	return n
}

// drawSeal draws the document's seal in element el's rectangle.
func (p *page) drawSeal(el element) {
	x, y, w, h := p.sealRect(el)
	p.c = append(p.c, "q "...)
	p.op(w, 0, 0, h, x, y)
	p.c = append(p.c, "cm /Seal Do Q\n"...)
	p.sealed = true
}

func (p *page) element(i int, el element, d Doc) error {
	switch el.Kind {
	case catalogue.KindText:
		if el.static != nil {
			p.c = append(p.c, el.static...)
			return nil
		}
		return p.draw(el, *el.fixed)
	case catalogue.KindField:
		v := d.Values[el.Field]
		if v == "" {
			return nil
		}
		if d.Layout != nil && d.Layout.fields[i].Lines != nil {
			return p.draw(el, d.Layout.fields[i])
		}
		return p.text(el, formatValue(el.item, el.Format, v))
	case catalogue.KindImage:
		h := el.H
		if h <= 0 {
			h = el.W
		}
		p.image(el.image, el.X*mmToPt, p.r.hPt-(el.Y+h)*mmToPt, el.W*mmToPt, h*mmToPt)
	case catalogue.KindQR:
		p.qr(el, d.QR)
	}
	return nil
}

func (p *page) op(parts ...float64) {
	for _, x := range parts {
		p.c = appendNum(p.c, x)
		p.c = append(p.c, ' ')
	}
}

func (p *page) image(i int, x, y, w, h float64) {
	p.images[i] = true
	p.c = append(p.c, "q "...)
	p.op(w, 0, 0, h, x, y)
	p.c = append(p.c, "cm /Im"...)
	p.c = strconv.AppendInt(p.c, int64(i), 10)
	p.c = append(p.c, " Do Q\n"...)
}

// qr draws the modules as filled rectangles (one per horizontal run) on a
// white square with a four-module quiet zone, in a frame of one unit a
// module (qrframe.go), so a rectangle is four small integers.
func (p *page) qr(el element, m [][]bool) {
	if len(m) == 0 {
		return
	}
	p.c = append(p.c, el.qr.frame(el, len(m), p.r.hPt)...)
	for row, line := range m {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			end := col
			for end < len(line) && line[end] {
				end++
			}
			p.c = strconv.AppendInt(p.c, int64(col), 10)
			p.c = append(p.c, ' ')
			p.c = strconv.AppendInt(p.c, int64(row), 10)
			p.c = append(p.c, ' ')
			p.c = strconv.AppendInt(p.c, int64(end-col), 10)
			p.c = append(p.c, " 1 re\n"...)
			col = end
		}
	}
	p.c = append(p.c, "f Q\n"...)
}

// watermark draws text large and light across the page's diagonal.
func (p *page) watermark(text string) {
	chain := p.r.chain
	angle := math.Atan2(p.r.hPt, p.r.wPt)
	diag := math.Hypot(p.r.wPt, p.r.hPt)
	size := diag * 0.5 / math.Max(chain.Width(text, 1)*mmToPt, 0.01)
	w := chain.Width(text, size) * mmToPt
	h := size * 0.7
	cos, sin := math.Cos(angle), math.Sin(angle)
	x := p.r.wPt/2 - (cos*w/2 - sin*h/2)
	y := p.r.hPt/2 - (sin*w/2 + cos*h/2)
	p.c = append(p.c, "q /GS0 gs 0.75 0.1 0.1 rg BT "...)
	p.op(cos, sin, -sin, cos, x, y)
	p.c = append(p.c, "Tm "...)
	_ = p.runs(chain, text, size, "watermark") // checked in NewRenderer
	p.c = append(p.c, "ET Q\n"...)
}

// write assembles the PDF: fixed objects, the page's images and fonts.
func (p *page) write(d Doc) ([]byte, error) {
	r := p.r
	size := len(p.c) + 4096 + signingRoom
	base, fontNum := r.prefix, r.sealNum()
	var sealObjs [][]byte // the seal's objects when base does not hold them
	if p.seal != nil {
		base, sealObjs = p.seal.withPrefix(r)
		fontNum += p.seal.objs
	}
	for _, o := range sealObjs {
		size += len(o)
	}
	for _, f := range p.fonts {
		size += f.room()
	}
	w := base.writer(size, &r.bufs)
	for i, o := range sealObjs {
		w.raw(r.sealNum()+i, o)
	}
	w.object(objCatalog, "<< /Type /Catalog /Pages 2 0 R >>")
	w.object(objPages, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	var res bytes.Buffer
	res.WriteString("<< /ExtGState << /GS0 6 0 R >> /XObject <<")
	for i, used := range p.images {
		if used {
			fmt.Fprintf(&res, " /Im%d %d 0 R", i, r.imgNums[i])
		}
	}
	if p.sealed {
		fmt.Fprintf(&res, " /Seal %d 0 R", r.sealNum())
	}
	res.WriteString(" >> /Font <<")
	for i, f := range r.labels.fonts {
		fmt.Fprintf(&res, " /%s %d 0 R", f.res, r.labelNum()+fontObjects*i)
	}
	for i, f := range p.fonts {
		fmt.Fprintf(&res, " /%s %d 0 R", f.res, fontNum+fontObjects*i)
	}
	res.WriteString(" >> >>")
	w.object(objPage, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources %s /Contents 4 0 R >>",
		appendNum(nil, r.wPt), appendNum(nil, r.hPt), res.String()))
	w.stream(objContent, "", p.c)
	w.object(objInfo, p.info(d))
	for i, f := range p.fonts {
		if err := f.write(w, fontNum+fontObjects*i, r.glyphCode(f.f).deflate, mapCode().deflate); err != nil {
			return nil, err
		}
	}
	w.outline(d.outline)
	// The trailer's first /ID: the certificate's identifier is unique to this
	// version of it, so no hash of the content (≈50 µs) is needed to tell files apart.
	return w.finish(md5.Sum([]byte("ezz certificate\n" + d.Identifier))), nil
}

func (p *page) info(d Doc) string {
	b := []byte("<< /Producer (ezz) /Title ")
	b = append(b, textString(p.r.t.Catalogue.Name)...)
	if d.Identifier != "" {
		b = append(b, " /Subject "...)
		b = append(b, textString(d.Identifier)...)
	}
	if !d.Time.IsZero() {
		b = append(b, " /CreationDate (D:"...)
		b = d.Time.UTC().AppendFormat(b, "20060102150405")
		b = append(b, "Z)"...)
	}
	return string(append(b, " >>"...))
}
