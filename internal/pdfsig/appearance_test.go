package pdfsig

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestAppearanceObject: a signature's appearance may draw an image the
// document already has (Appearance.Object); an object that is no image, an
// absent one, or both an image and an object are refused.
func TestAppearanceObject(t *testing.T) {
	pdf := pdfWithImage()
	o := options(newKey(t, "sm2"))
	o.Appearance = &Appearance{Rect: [4]float64{100, 100, 200, 200}, Object: 4}
	out, err := Sign(pdf, o)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(out, nil)
	if err != nil || rep.Err() != nil {
		t.Fatalf("Verify: %v, %v", err, rep.Err())
	}
	if got := strings.Count(string(out), "/Subtype/Image"); got != 1 {
		t.Errorf("%d image objects, want the one the appearance shares", got)
	}
	if !regexp.MustCompile(`/Seal 4 0 R`).Match(out[len(pdf):]) {
		t.Error("the appearance does not draw object 4")
	}
	for name, ap := range map[string]*Appearance{
		"not an image": {Rect: [4]float64{0, 0, 10, 10}, Object: 3},
		"absent":       {Rect: [4]float64{0, 0, 10, 10}, Object: 9999},
		"both":         {Rect: [4]float64{0, 0, 10, 10}, Object: 4, Image: &Image{Dict: "/Width 1", Data: []byte{0}}},
	} {
		o.Appearance = ap
		if _, err := Sign(pdf, o); err == nil {
			t.Errorf("%s: signed, want refused", name)
		}
	}
}

// pdfWithImage is a one-page PDF whose object 4 is an image XObject the page
// does not draw.
func pdfWithImage() []byte {
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<<>>>>",
		"<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Length 1>>\nstream\n\x80\nendstream",
	}
	b := []byte("%PDF-1.7\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = len(b)
		b = append(b, strconv.Itoa(i+1)+" 0 obj\n"+o+"\nendobj\n"...)
	}
	xref := len(b)
	b = append(b, "xref\n0 5\n0000000000 65535 f \n"...)
	for _, off := range offs {
		b = append(b, fmt.Sprintf("%010d 00000 n \n", off)...)
	}
	return append(b, fmt.Sprintf("trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", xref)...)
}

// TestSignInPlace: with room after the document, Sign appends its update
// there without copying (as the renderer arranges) and leaves the document's
// own bytes as they were; without room it copies.
func TestSignInPlace(t *testing.T) {
	doc := testPDF(t)
	roomy := append(make([]byte, 0, len(doc)+64<<10), doc...)
	out, err := Sign(roomy, options(newKey(t, "sm2")))
	if err != nil {
		t.Fatal(err)
	}
	if &out[0] != &roomy[0] || !bytes.Equal(roomy, doc) || !bytes.Equal(out[:len(doc)], doc) {
		t.Error("with room: the update was not appended in place, or the document changed")
	}
	tight := doc[:len(doc):len(doc)]
	out2, err := Sign(tight, options(newKey(t, "sm2")))
	if err != nil {
		t.Fatal(err)
	}
	if &out2[0] == &tight[0] {
		t.Error("without room: the output shares the document's array")
	}
	for _, o := range [][]byte{out, out2} {
		if rep, err := Verify(o, nil); err != nil || rep.Err() != nil {
			t.Fatalf("Verify: %v, %v", err, rep.Err())
		}
	}
}
