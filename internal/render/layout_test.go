package render

import (
	"bytes"
	"testing"
)

// A face drawn from the layout Lay computed for the check is byte for byte
// the face laid out while drawing, and a layout of another face is refused.
func TestFaceLaidSameAsFace(t *testing.T) {
	r, err := NewRenderer(testTemplate(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.Lay(testValues)
	if err != nil {
		t.Fatal(err)
	}
	want, wantAp, err := r.Face(testValues, testQR(), "")
	if err != nil {
		t.Fatal(err)
	}
	got, gotAp, err := r.FaceLaid(testValues, l, testQR(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || (gotAp == nil) != (wantAp == nil) {
		t.Error("the face drawn from Lay's layout differs from the face laid out while drawing")
	}
	if _, _, err := r.FaceLaid(testValues, &Layout{}, testQR(), ""); err == nil {
		t.Error("a layout of another face was accepted")
	}
	if _, err := r.Lay(map[string]string{"name": "\xff"}); err == nil {
		t.Error("Lay accepted a value Check refuses")
	}
}
