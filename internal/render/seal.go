package render

import (
	"path/filepath"
	"sync"

	"ezz/internal/pdfsig"
	"ezz/internal/stamp"
)

// seals holds the seal images of a Renderer by path, each loaded and encoded
// once: the template's own and those of the workspace's issuing offices.
// Seals are not in the shared prefix: each certificate carries only its
// office's seal, written after the prefix (or in the signature's appearance).
type seals struct {
	mu     sync.Mutex
	byPath map[string]*sealResult
}

type sealResult struct {
	once sync.Once
	im   *pdfImage
	err  error
}

// seal returns the encoded seal image at path (relative to the template's
// directory unless absolute); "" is the template's own seal.
func (r *Renderer) seal(path string) (*pdfImage, error) {
	if path == "" {
		path = r.sealPath
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.t.Dir, path)
	}
	r.seals.mu.Lock()
	if r.seals.byPath == nil {
		r.seals.byPath = map[string]*sealResult{}
	}
	s := r.seals.byPath[path]
	if s == nil {
		s = &sealResult{}
		r.seals.byPath[path] = s
	}
	r.seals.mu.Unlock()
	s.once.Do(func() { s.im, s.err = loadImage(path) })
	return s.im, s.err
}

// CheckSeal loads the seal image at path ("" the template's) and reports
// why it cannot be drawn: what Precheck asks before a serial is spent.
func (r *Renderer) CheckSeal(path string) error {
	if !r.hasSeal {
		return nil
	}
	_, err := r.seal(path)
	return err
}

// HasSeal reports whether the face has a seal element.
func (r *Renderer) HasSeal() bool { return r.hasSeal }

// Face draws one face without its first seal element, and returns that seal
// — the image at sealPath ("" the template's own) — as the signature's
// visible appearance, to be given to pdfsig.Sign. Other seal elements are
// drawn on the page with the same image.
func (r *Renderer) Face(values map[string]string, qr [][]bool, sealPath string) ([]byte, *pdfsig.Appearance, error) {
	return r.FaceLaid(values, nil, qr, sealPath)
}

// FaceLaid is Face with the field texts as Lay laid them out for values (nil:
// laid out here).
func (r *Renderer) FaceLaid(values map[string]string, l *Layout, qr [][]bool, sealPath string) ([]byte, *pdfsig.Appearance, error) {
	d := Doc{Values: values, Layout: l, QR: qr, Seal: sealPath, sealAsSignature: true}
	return r.render(d)
}

// appearance is the seal element el drawn as a signature appearance.
func (p *page) appearance(el element, im *pdfImage) *pdfsig.Appearance {
	x, y, w, h := p.sealRect(el)
	return &pdfsig.Appearance{Rect: [4]float64{x, y, x + w, y + h}, Image: sigImage(im)}
}

// sealRect is a seal or image element's rectangle in page points (x, y from
// the lower left), h defaulting to w.
func (p *page) sealRect(el element) (x, y, w, h float64) {
	hm := el.H
	if hm <= 0 {
		hm = el.W
	}
	return el.X * mmToPt, p.r.hPt - (el.Y+hm)*mmToPt, el.W * mmToPt, hm * mmToPt
}

func sigImage(im *pdfImage) *pdfsig.Image {
	if im == nil {
		return nil
	}
	return &pdfsig.Image{Dict: im.dict, Data: im.data, SMask: sigImage(im.smask)}
}

// PilotSeal draws the pilot seal of office (package stamp) with the face's
// fonts.
func (r *Renderer) PilotSeal(office string) ([]byte, error) {
	fonts := make([][]byte, r.chain.Len())
	for i := range fonts {
		fonts[i] = r.chain.TTF(i)
	}
	return stamp.Draw(office, fonts)
}
