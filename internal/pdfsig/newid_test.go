package pdfsig

import (
	"crypto/md5"
	"fmt"
	"testing"
	"time"
)

// TestNewIDForm: the second /ID element is the MD5 of the fields as
// fmt's "%d %d %s %s" writes them, whatever the time's zone or fraction.
func TestNewIDForm(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
	}{
		{"whole seconds", time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)},
		{"Shanghai with a fraction", time.Date(2026, 6, 1, 11, 0, 0, 120000, time.FixedZone("CST", 8*3600))},
		{"with a monotonic reading", time.Now()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &update{d: &document{buf: make([]byte, 146408), startx: 145801}, o: Options{Time: tt.at}, field: "Signature1"}
			want := md5.Sum(fmt.Appendf(nil, "%d %d %s %s", 146408, 145801, tt.at.UTC(), "Signature1"))
			if got := u.newID(); string(got) != string(want[:]) {
				t.Errorf("got %x, want %x", got, want)
			}
		})
	}
}

// TestPDFDate: the PDF date as the fmt form before it wrote it, for UTC,
// zones east and west, minutes and a zone of more than 99 hours.
func TestPDFDate(t *testing.T) {
	old := func(t time.Time) string {
		_, off := t.Zone()
		sign := '+'
		if off < 0 {
			sign, off = '-', -off
		}
		if off == 0 {
			return t.Format("D:20060102150405") + "Z"
		}
		return fmt.Sprintf("%s%c%02d'%02d'", t.Format("D:20060102150405"), sign, off/3600, off/60%60)
	}
	base := time.Date(2026, 6, 1, 3, 4, 5, 600, time.UTC)
	for _, off := range []int{0, 8 * 3600, -5 * 3600, 5*3600 + 45*60, -(9*3600 + 30*60), 101 * 3600, 59} {
		at := base.In(time.FixedZone("Z", off))
		if got, want := pdfDate(at), old(at); got != want {
			t.Errorf("offset %d s: got %q, want %q", off, got, want)
		}
	}
}
