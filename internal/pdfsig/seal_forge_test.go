package pdfsig

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestSealForgeries attacks the layout ezz issues: the office's seal is an
// image object of the signed face (Appearance.Object, in the bytes every
// certificate of the office shares) and the signature widget's appearance,
// written by the signing update, draws it. Every later update that redraws,
// moves, replaces or re-points the seal must fail with a reason; none may
// leave the file "intact".
func TestSealForgeries(t *testing.T) {
	good := sealSigned(t)
	for _, tt := range sealForgeries(t, good) {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Verify(tt.pdf, nil)
			if err != nil {
				t.Fatalf("Verify: %v (want a report that says %q)", err, tt.why)
			}
			if r.Err() == nil {
				t.Fatalf("Report.Err: got nil, want %v containing %q", tt.want, tt.why)
			}
			for _, s := range r.Signatures {
				if errors.Is(s.Err, tt.want) && strings.Contains(s.Err.Error(), tt.why) {
					return
				}
			}
			t.Fatalf("got %v\nwant %v containing %q", r.Err(), tt.want, tt.why)
		})
	}
}

// sealSigned is pdfWithImage signed with an appearance that draws its image
// object 4, as issuance signs a face whose seal is in the prefix.
func sealSigned(t testing.TB) []byte {
	t.Helper()
	o := options(newKey(t, "sm2"))
	o.Appearance = &Appearance{Rect: [4]float64{100, 100, 200, 200}, Object: sealObj}
	out, err := Sign(pdfWithImage(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := Verify(out, nil); err != nil || r.Err() != nil {
		t.Fatalf("the good file: %v, %v", err, r.Err())
	}
	return out
}

// sealObj is the seal image's number in pdfWithImage.
const sealObj = 4

// blankImage is another seal: one white pixel, as raw PDF dictionary entries.
const blankImage = "/Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8"

func sealForgeries(t testing.TB, good []byte) []forgery {
	t.Helper()
	f := func() *forge { return newForge(t, good) }
	var out []forgery
	add := func(name string, pdf []byte, want error, why string) {
		out = append(out, forgery{name, pdf, want, why})
	}
	changed := fmt.Sprintf("object %d (stream /Type /XObject /Subtype /Image) was changed after signing", sealObj)

	add("seal replaced by a blank image", f().stream(sealObj, blankImage, []byte{0xff}).table(), ErrModified, changed)
	add("seal replaced through a cross-reference stream", f().stream(sealObj, blankImage, []byte{0xff}).xrefStream(0), ErrModified, changed)
	u := f()
	add("seal replaced in an object stream", u.objStm(u.num(), map[int]string{sealObj: "<<" + blankImage + ">>"}).xrefStream(0),
		ErrModified, fmt.Sprintf("object %d is stored in object stream", sealObj))
	add("seal re-typed as a form drawing text", f().stream(sealObj, "/Type/XObject/Subtype/Form/BBox[0 0 1 1]", faceText).table(),
		ErrModified, fmt.Sprintf("object %d (stream /Type /XObject /Subtype /Form) was changed after signing", sealObj))
	add("seal re-typed as a dictionary", f().obj(sealObj, "<</Type/XObject/Subtype/Image/Width 1/Height 1>>").table(),
		ErrModified, fmt.Sprintf("object %d (dictionary /Type /XObject /Subtype /Image) was changed after signing", sealObj))
	add("seal redefined as generation 1", genOne(f()), ErrModified, changed)
	add("seal freed", freed(f()), ErrModified, fmt.Sprintf("object %d was freed after signing", sealObj))

	u = f()
	add("seal's number pointed at another object's bytes", pointAt(u, sealObj, u.d.xref[1].off), ErrModified,
		fmt.Sprintf("points object %d back at byte %d", sealObj, u.d.xref[1].off))
	add("seal's number pointed at bytes of the update that are another object", pointAtNew(f()), ErrAppended,
		fmt.Sprintf("says object %d 0 is at byte", sealObj))

	u = f()
	form := appearanceForm(t, u)
	add("appearance form redrawn without the seal", u.stream(form.Num, "/Type/XObject/Subtype/Form/BBox[0 0 100 100]", faceText).table(),
		ErrModified, fmt.Sprintf("object %d (stream /Type /XObject /Subtype /Form) was changed after signing", form.Num))
	u = f()
	form = appearanceForm(t, u)
	other := u.num()
	u.stream(other, blankImage, []byte{0xff})
	add("appearance form drawing another image", u.stream(form.Num,
		fmt.Sprintf("/Type/XObject/Subtype/Form/BBox[0 0 100 100]/Resources<</XObject<</Seal %d 0 R>>>>", other), []byte("q 100 0 0 100 0 0 cm /Seal Do Q")).table(),
		ErrModified, "was changed after signing")

	u = f()
	w := widget(t, u)
	wd := u.dict(w)
	wd["Rect"] = Array{300, 300, 400, 400}
	add("signature widget moved", u.obj(w.Num, value(wd)).table(), ErrModified, fmt.Sprintf("object %d (dictionary /Type /Annot /Subtype /Widget /FT /Sig) was changed after signing", w.Num))

	u = f()
	add("second visible widget drawing the seal", secondWidget(u, "[300 300 400 400]", sealObj, true), ErrModified, "is visible")
	u = f()
	add("invisible widget whose appearance is the seal itself", secondWidget(u, "[0 0 0 0]", sealObj, false), ErrModified, "is not a new stream")
	u = f()
	add("stamp annotation drawing the seal", stampSeal(u), ErrModified, "gained an annotation")
	u = f()
	page := u.dict(u.page())
	page["Resources"] = Dict{"XObject": Dict{"S": Ref{sealObj, 0}}}
	c := u.num()
	u.stream(c, "", []byte("q 100 0 0 100 300 300 cm /S Do Q"))
	page["Contents"] = Ref{c, 0}
	add("page redrawn to show the seal elsewhere", u.obj(u.page().Num, value(page)).table(), ErrModified, "changed")
	return out
}

// genOne redefines the seal as generation 1 of its number.
func genOne(u *forge) []byte {
	u.offs[sealObj] = len(u.b)
	u.b = fmt.Appendf(u.b, "%d 1 obj\n<<%s/Length 1>>\nstream\n\xff\nendstream\nendobj\n", sealObj, blankImage)
	u.entries[sealObj] = xrefEntry{kind: 1, off: u.offs[sealObj], gen: 1}
	return u.table()
}

// freed frees the seal's number.
func freed(u *forge) []byte {
	u.free = append(u.free, sealObj)
	return u.table()
}

// pointAt points number n at byte off of the signed revision.
func pointAt(u *forge, n, off int) []byte {
	u.entries[n] = xrefEntry{kind: 1, off: off}
	return u.table()
}

// pointAtNew defines a new image and points the seal's number at it.
func pointAtNew(u *forge) []byte {
	x := u.num()
	u.stream(x, blankImage, []byte{0xff})
	u.entries[sealObj] = xrefEntry{kind: 1, off: u.offs[x]}
	return u.table()
}

// widget is the signature's field (its merged widget).
func widget(t testing.TB, u *forge) Ref {
	t.Helper()
	acro := u.dict(u.dict(u.root())["AcroForm"])
	fields, _ := u.d.resolveArray(acro["Fields"])
	if len(fields) != 1 {
		t.Fatalf("%d fields, want 1", len(fields))
	}
	r, _ := fields[0].(Ref)
	return r
}

// appearanceForm is the stream the signature widget's /AP /N names.
func appearanceForm(t testing.TB, u *forge) Ref {
	t.Helper()
	ap, _ := u.dict(widget(t, u))["AP"].(Dict)
	r, ok := ap["N"].(Ref)
	if !ok {
		t.Fatal("the widget has no /AP /N stream")
	}
	return r
}

// secondWidget appends a signature field with rect whose appearance is a new
// form drawing object img (newForm) or object img itself.
func secondWidget(u *forge, rect string, img int, newForm bool) []byte {
	a, sig := u.num(), u.num()
	n := img
	if newForm {
		n = u.num()
		u.stream(n, fmt.Sprintf("/Type/XObject/Subtype/Form/BBox[0 0 100 100]/Resources<</XObject<</Seal %d 0 R>>>>", img), []byte("q 100 0 0 100 0 0 cm /Seal Do Q"))
	}
	u.obj(sig, "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/ByteRange[0 1 2 3]/Contents<00>>>")
	u.obj(a, fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T(Signature2)/Rect%s/P %d 0 R/V %d 0 R/AP<</N %d 0 R>>>>", rect, u.page().Num, sig, n))
	form, acro := u.withField(Ref{a, 0})
	u.obj(form.Num, acro).obj(u.page().Num, u.withAnnot(Ref{a, 0}))
	return u.table()
}

// stampSeal adds a stamp annotation whose appearance draws the seal.
func stampSeal(u *forge) []byte {
	a, ap := u.num(), u.num()
	u.stream(ap, fmt.Sprintf("/Type/XObject/Subtype/Form/BBox[0 0 100 100]/Resources<</XObject<</Seal %d 0 R>>>>", sealObj), []byte("q 100 0 0 100 0 0 cm /Seal Do Q"))
	u.obj(a, fmt.Sprintf("<</Type/Annot/Subtype/Stamp/Rect[300 300 400 400]/AP<</N %d 0 R>>>>", ap))
	return u.obj(u.page().Num, u.withAnnot(Ref{a, 0})).table()
}
