package pdfsig

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Appearance is the signature widget's visible appearance (/AP): an image —
// the issuing office's seal (印章图样) — drawn in Rect on the signed page, so
// that readers show the seal as the signature itself.
type Appearance struct {
	Rect  [4]float64 // lower-left x, y and upper-right x, y, in page points
	Image *Image     // the image, written in the update; or
	// Object is the number of an image XObject the document already has
	// (generation 0), drawn instead of Image: a seal every document of a
	// batch carries is then in the bytes they share (Prefix).
	Object int
}

// Image is an image XObject, already encoded.
type Image struct {
	// Dict holds the entries other than /Type, /Subtype, /Length and /SMask,
	// e.g. "/Width 472 /Height 472 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode".
	Dict  string
	Data  []byte
	SMask *Image // the alpha channel, or nil
}

func (a *Appearance) check() error {
	if a == nil {
		return nil
	}
	for _, v := range a.Rect {
		if math.IsNaN(v) || math.Abs(v) > 14400 {
			return errors.New("signature appearance: rectangle out of range")
		}
	}
	if (a.Image == nil) == (a.Object <= 0) || a.Rect[2] <= a.Rect[0] || a.Rect[3] <= a.Rect[1] {
		return errors.New("signature appearance: no image (or both an image and an object), or an empty rectangle")
	}
	return nil
}

// checkObject refuses an appearance whose Object is not an image XObject of d.
func (a *Appearance) checkObject(d *document) error {
	if a == nil || a.Object <= 0 {
		return nil
	}
	if d.dict(Ref{a.Object, 0})["Subtype"] != Name("Image") {
		return fmt.Errorf("signature appearance: object %d is not an image in the document", a.Object)
	}
	return nil
}

// size is the bytes the appearance adds to the update.
func (a *Appearance) size() int {
	if a == nil {
		return 0
	}
	n := 0
	for im := a.Image; im != nil; im = im.SMask {
		n += len(im.Data) + len(im.Dict) + 128
	}
	return n + 256
}

// widgetLook writes the appearance's objects and returns the widget's /Rect
// and /AP: a zero rectangle and no /AP without an appearance.
func (u *update) widgetLook(w *writer) (Array, any) {
	a := u.o.Appearance
	if a == nil {
		return Array{0, 0, 0, 0}, nil
	}
	img := Ref{a.Object, 0}
	if a.Image != nil {
		img = u.image(w, a.Image)
	}
	form := Ref{u.next, 0}
	u.next++
	wd, ht := a.Rect[2]-a.Rect[0], a.Rect[3]-a.Rect[1]
	content := "q " + num(wd) + " 0 0 " + num(ht) + " 0 0 cm /Seal Do Q"
	w.stream(form, Dict{"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": Array{0, 0, wd, ht},
		"Resources": Dict{"XObject": Dict{"Seal": img}}}, []byte(content))
	return Array{a.Rect[0], a.Rect[1], a.Rect[2], a.Rect[3]}, Dict{"N": form}
}

// image writes an image XObject (and its soft mask) as new objects.
func (u *update) image(w *writer, im *Image) Ref {
	var smask Ref
	if im.SMask != nil {
		smask = u.image(w, im.SMask)
	}
	r := Ref{u.next, 0}
	u.next++
	w.begin(r.Num, 0).str("<</Type/XObject/Subtype/Image ").str(im.Dict)
	if im.SMask != nil {
		w.str(" /SMask ").int(smask.Num).str(" 0 R")
	}
	w.str(" /Length ").int(len(im.Data)).str(">>\nstream\n")
	w.b = append(w.b, im.Data...)
	w.str("\nendstream").end()
	return r
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
