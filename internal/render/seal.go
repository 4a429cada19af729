package render

import (
	"errors"
	"path/filepath"
	"sync"

	"ezz/internal/pdfsig"
	"ezz/internal/stamp"
)

// seals holds the seal images of a Renderer by path, each loaded and encoded
// once: the template's own and those of the workspace's issuing offices.
// Each seal has its own prefix: the Renderer's, then the seal's image
// objects. A certificate starts with its office's prefix and carries only
// its office's seal (drawn by the signature's appearance, or on the page),
// and the seal's bytes are hashed once per office, not per certificate.
type seals struct {
	mu     sync.Mutex
	byPath map[string]*sealResult
	kept   int // seal prefixes kept so far (maxSealPrefixes)
}

// maxSealPrefixes bounds the seal prefixes a Renderer keeps (≈120 KB each):
// a pilot register can name any number of offices, each with its own seal.
// The documents of further seals are assembled the same way, byte for byte,
// but their seal objects are written per document after the Renderer's prefix,
// and no prefix with them is offered for hashing.
var maxSealPrefixes = 64

type sealResult struct {
	once sync.Once
	im   *pdfImage
	err  error

	prefixOnce sync.Once
	prefix     *prefix  // the Renderer's prefix followed by the seal's objects; nil past maxSealPrefixes
	objData    [][]byte // the seal's objects, when prefix is nil
	objs       int      // how many objects the seal adds: the image and its soft mask
}

// withPrefix returns the prefix of the documents with this seal, kept from
// its first use (after the Renderer's images are serialised), for the first
// maxSealPrefixes seals. For the others it returns the Renderer's prefix and
// the seal's objects, which each document writes right after it.
func (s *sealResult) withPrefix(r *Renderer) (p *prefix, objs [][]byte) {
	s.prefixOnce.Do(func() {
		objs := s.im.objects(r.sealNum())
		s.objs = len(objs)
		r.seals.mu.Lock()
		keep := r.seals.kept < maxSealPrefixes
		if keep {
			r.seals.kept++
		}
		r.seals.mu.Unlock()
		if keep {
			s.prefix = r.prefix.with(r.sealNum(), objs)
		} else {
			s.objData = objs
		}
	})
	if s.prefix != nil {
		return s.prefix, nil
	}
	return r.prefix, s.objData
}

// seal returns the seal image at path (relative to the template's directory
// unless absolute; "" is the template's own) with its prefix.
func (r *Renderer) seal(path string) (*sealResult, error) {
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
	return s, s.err
}

// sealNum is the object number of the seal image, after the Renderer's
// images and label fonts.
func (r *Renderer) sealNum() int { return r.labelNum() + r.labels.objects() }

// labelNum is the object number of the first label font, after the images.
func (r *Renderer) labelNum() int { return objFirstImage + len(r.imgObjs) }

// Prefix is the bytes every document this Renderer draws with the seal at
// sealPath ("" the template's own; ignored when the face has no seal)
// starts with — its images and the seal, most of a certificate's size —, so
// that pdfsig.NewPrefix hashes them once; an error past maxSealPrefixes seals.
func (r *Renderer) Prefix(sealPath string) ([]byte, error) {
	if !r.hasSeal {
		return r.prefix.data, nil
	}
	s, err := r.seal(sealPath)
	if err != nil {
		return nil, err
	}
	p, objs := s.withPrefix(r)
	if objs != nil {
		return nil, errNotShared
	}
	return p.data, nil
}

// errNotShared is Prefix's error for a seal past maxSealPrefixes: its
// documents are hashed in full.
var errNotShared = errors.New("render: no shared prefix kept for this seal")

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

// appearance is the seal element el drawn as a signature appearance, by
// the seal image object of the document's prefix.
func (p *page) appearance(el element) *pdfsig.Appearance {
	x, y, w, h := p.sealRect(el)
	return &pdfsig.Appearance{Rect: [4]float64{x, y, x + w, y + h}, Object: p.r.sealNum()}
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

// PilotSeal draws the pilot seal of office (package stamp) with the face's
// fonts.
func (r *Renderer) PilotSeal(office string) ([]byte, error) {
	fonts := make([][]byte, r.chain.Len())
	for i := range fonts {
		fonts[i] = r.chain.TTF(i)
	}
	return stamp.Draw(office, fonts)
}
