// Package render draws a certificate face (照面) as an unsigned PDF, exactly as
// the face template places it: base image, static and field text in a font
// fallback chain, the seal and the QR code.
//
// It writes the PDF itself rather than through gopdf: a face is one page of
// known content, and writing it directly — fonts parsed once per process, true
// glyph subsets, images encoded once per Renderer — costs a small fraction of
// gopdf's per-page time (docs/BENCHMARKS.md).
package render

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/font"
)

// Options tune a Renderer.
type Options struct {
	FontDirs  []string // searched after the template's directory, before the system font directories
	Watermark string   // drawn large, light and diagonal over the face ("样例" for samples); empty for none
	// Fonts reads the font files (nil: the Renderer's own); the task that
	// also hashes the template passes the Fonts the hash sums.
	Fonts *font.Fonts
}

// Doc is one certificate to draw.
type Doc struct {
	Values     map[string]string // normalised values by item id
	QR         [][]bool          // QR modules without quiet zone (qr.Modules)
	QRPayload  string            // used when QR is nil: encoded with qr.Modules; both empty draw no QR code
	Identifier string            // GB/T 36904 identifier, put in the document's Subject
	Time       time.Time         // the document's creation date; zero writes none (deterministic output)
	Seal       string            // the issuing office's seal image; "" the template's own
	Layout     *Layout           // the field texts as Lay laid them out for Values; nil lays them out here

	sealAsSignature bool     // Face: the first seal goes to the signature appearance
	outline         *outline // FaceOutlined: filled in as the document is written
}

// Renderer draws the faces of one template. Fonts and images are loaded once,
// in NewRenderer; Render may then be called from several goroutines at once.
type Renderer struct {
	t           *catalogue.Template
	wPt, hPt    float64 // page size in points
	elems       []element
	base        int // index in images of the base image, -1 none
	images      []*pdfImage
	imgObjs     [][]byte // serialised image objects, numbered from objFirstImage
	labels      labels   // the glyphs of every face, after the images
	prefix      *prefix  // the leading bytes of every document: header, graphics state, images, labels
	imgNums     []int    // object number of each image
	chain       *font.Chain
	mark        string
	markContent []byte    // the watermark drawn (drawStatic)
	contentRoom int       // a content stream's first capacity
	codes       sync.Map  // *font.Font → *glyphCode, its subsets' Huffman code, built on first use
	bufs        sync.Pool // *[]byte: documents' bytes given back (Recycle)
	seals       seals
	sealPath    string // the template's own seal image
	hasSeal     bool
}

// element is a face element with everything it needs resolved.
type element struct {
	catalogue.Element
	name   string // how errors name it: field id or static text
	chain  *font.Chain
	item   *dataitem.Item
	color  string       // "r g b rg"
	image  int          // index in images, for seals and images
	fixed  *font.Layout // a static text, laid out once
	static []byte       // a static text drawn, in label fonts (drawStatic)
	qr     *qrFrames    // a QR code's frame
}

// NewRenderer resolves the fonts and loads the images of t.
func NewRenderer(t *catalogue.Template, opts Options) (*Renderer, error) {
	r := &Renderer{t: t, base: -1, mark: opts.Watermark}
	var err error
	if r.wPt, r.hPt, err = pageSize(t.Face.Page); err != nil {
		return nil, err
	}
	dirs := append(append([]string{t.Dir}, opts.FontDirs...), font.SystemDirs()...)
	fonts := opts.Fonts
	if fonts == nil {
		fonts = font.NewFonts()
	}
	if r.chain, err = fonts.Resolve(t.Face.Fonts, dirs); err != nil {
		return nil, fmt.Errorf("face fonts: %w", err)
	}
	if t.Face.BaseImage != "" {
		if r.base, err = r.addImage(t.Face.BaseImage); err != nil {
			return nil, fmt.Errorf("base image: %w", err)
		}
	}
	for i, e := range t.Face.Elements {
		el, err := r.prepare(e, fonts, dirs)
		if err != nil {
			return nil, fmt.Errorf("face element %d (%s): %w", i+1, describe(e), err)
		}
		r.elems = append(r.elems, el)
	}
	if missing := r.chain.Missing(r.mark); len(missing) > 0 {
		return nil, &GlyphError{Where: "watermark", Rune: missing[0], Fonts: t.Face.Fonts}
	}
	r.contentRoom = contentRoom(r.elems)
	r.collectLabels()
	if err := r.drawStatic(); err != nil {
		return nil, err
	}
	if err := r.serialise(); err != nil {
		return nil, err
	}
	return r, nil
}

func describe(e catalogue.Element) string {
	switch {
	case e.Field != "":
		return fmt.Sprintf("field %q", e.Field)
	case e.Text != "":
		return fmt.Sprintf("text %q", e.Text)
	}
	return e.Kind
}

func (r *Renderer) prepare(e catalogue.Element, fonts *font.Fonts, dirs []string) (element, error) {
	el := element{Element: e, chain: r.chain, image: -1, name: describe(e)}
	for _, v := range []float64{e.X, e.Y, e.W, e.H, e.Size, e.MinSize} {
		if math.IsNaN(v) || math.Abs(v) > 10000 {
			return el, fmt.Errorf("position or size %v out of range", v)
		}
	}
	var err error
	switch e.Kind {
	case catalogue.KindField, catalogue.KindText:
		if len(e.Fonts) > 0 {
			if el.chain, err = fonts.Resolve(e.Fonts, dirs); err != nil {
				return el, err
			}
		}
		if el.color, err = parseColor(e.Color); err != nil {
			return el, err
		}
		if e.Kind == catalogue.KindField {
			el.item = r.findItem(e.Field)
			if el.item == nil {
				return el, fmt.Errorf("no data item %q", e.Field)
			}
		} else {
			l, err := el.layout(e.Text)
			if err != nil {
				return el, err
			}
			el.fixed = &l
		}
	case catalogue.KindSeal:
		if !r.hasSeal {
			r.sealPath, r.hasSeal = e.Image, true
		}
		_, err = r.seal(e.Image)
	case catalogue.KindImage:
		el.image, err = r.addImage(e.Image)
	case catalogue.KindQR:
		el.qr = &qrFrames{}
	default:
		err = fmt.Errorf("unknown kind %q", e.Kind)
	}
	return el, err
}

func (r *Renderer) findItem(id string) *dataitem.Item {
	for i := range r.t.Items {
		if r.t.Items[i].ID == id {
			return &r.t.Items[i]
		}
	}
	return nil
}

// addImage loads an image file named relative to the template's directory.
func (r *Renderer) addImage(name string) (int, error) {
	if name == "" {
		return 0, fmt.Errorf("no image file named")
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.t.Dir, name)
	}
	im, err := loadImage(path)
	if err != nil {
		return 0, err
	}
	r.images = append(r.images, im)
	return len(r.images) - 1, nil
}

// serialise writes the prefix: the images, then the label fonts.
func (r *Renderer) serialise() (err error) {
	num := objFirstImage
	for _, im := range r.images {
		r.imgNums = append(r.imgNums, num)
		objs := im.objects(num)
		r.imgObjs = append(r.imgObjs, objs...)
		num += len(objs)
	}
	r.prefix, err = newPrefix(r.imgObjs, &r.labels, r.labelNum())
	return err
}

// GlyphError reports a character no font of the chain can draw. A legal
// document never shows a blank in its place.
type GlyphError struct {
	Where string // field "holder_name", text "…", watermark
	Rune  rune
	Fonts []string
}

func (e *GlyphError) Error() string {
	return fmt.Sprintf("%s: character %q (U+%04X) is in none of the fonts %s",
		e.Where, string(e.Rune), e.Rune, strings.Join(e.Fonts, ", "))
}

// Hint says what to do.
func (e *GlyphError) Hint() string {
	return "check the value for a typing error; if the character is right, add a font that has it to the template's fonts (docs/rendering.md)"
}

// Render draws one face with values and the QR modules; see RenderDoc.
func (r *Renderer) Render(values map[string]string, qr [][]bool) ([]byte, error) {
	return r.RenderDoc(Doc{Values: values, QR: qr})
}
