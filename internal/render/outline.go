package render

import "ezz/internal/pdfsig"

// FaceOutlined is FaceLaid that also returns what pdfsig.Sign needs to know
// of the document's structure (Options.Outline), so that signing it does not
// parse the file just written.
func (r *Renderer) FaceOutlined(values map[string]string, l *Layout, qr [][]bool, sealPath string) ([]byte, *pdfsig.Appearance, *pdfsig.Outline, error) {
	o := &pdfsig.Outline{}
	d := Doc{Values: values, Layout: l, QR: qr, Seal: sealPath, sealAsSignature: true, outline: o}
	pdf, ap, err := r.render(d)
	if err != nil {
		return nil, nil, nil, err
	}
	return pdf, ap, o, nil
}

// outline is the structure of a document written, for pdfsig.Sign.
type outline = pdfsig.Outline

// outline records the document's structure in o (nil: nothing), just before
// finish writes the xref table and trailer.
func (w *pdfWriter) outline(o *outline) {
	if o == nil {
		return
	}
	o.XRef, o.Offsets, o.Page = w.buf.Len(), w.offsets, objPage
}
