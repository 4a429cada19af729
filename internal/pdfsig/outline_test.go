package pdfsig

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// outlinedPDF is a one-page PDF with a classic table, written after header,
// and the outline that describes it.
func outlinedPDF(header string) ([]byte, *Outline) {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
	}
	b := []byte(header)
	offs := []int{0}
	for i, o := range objs {
		offs = append(offs, len(b))
		b = fmt.Appendf(b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := len(b)
	b = fmt.Appendf(b, "xref\n0 %d\n", len(offs))
	for _, off := range offs {
		if off == 0 {
			b = append(b, "0000000000 65535 f \n"...)
			continue
		}
		b = fmt.Appendf(b, "%010d 00000 n \n", off)
	}
	b = fmt.Appendf(b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs), xref)
	return b, &Outline{XRef: xref, Offsets: offs, Page: 3}
}

// TestOutlineRefusesWhatParsingRefuses signs with an outline only a file
// that Sign would sign without one: a file whose head has no %PDF- is
// refused both ways.
func TestOutlineRefusesWhatParsingRefuses(t *testing.T) {
	o := options(newKey(t, "sm2"))
	good, l := outlinedPDF("%PDF-1.7\n")
	o.Outline = l
	if _, err := Sign(good, o); err != nil {
		t.Fatalf("Sign with the outline of a PDF: %v", err)
	}
	bad, l := outlinedPDF("%XYZ-1.7\n")
	if _, err := Sign(bad, options(newKey(t, "sm2"))); !errors.Is(err, ErrNotPDF) {
		t.Fatalf("Sign without an outline: got %v, want %v", err, ErrNotPDF)
	}
	o.Outline = l
	if _, err := Sign(bad, o); !errors.Is(err, ErrNotPDF) {
		t.Fatalf("Sign with an outline: got %v, want %v", err, ErrNotPDF)
	}
}

// TestOutlineOutOfRange: outlines whose numbers lie outside the file are
// refused, never a panic.
func TestOutlineOutOfRange(t *testing.T) {
	pdf, l := outlinedPDF("%PDF-1.7\n")
	for _, x := range []int{-1, 0, len(pdf), math.MaxInt - 40, math.MaxInt} {
		o := options(newKey(t, "sm2"))
		o.Outline = &Outline{XRef: x, Offsets: l.Offsets, Page: l.Page}
		if _, err := Sign(pdf, o); !errors.Is(err, errOutline) {
			t.Errorf("XRef %d: got %v, want %v", x, err, errOutline)
		}
	}
}
