package agency

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"rsc.io/qr/coding"

	"ezz/internal/qr"
	"ezz/internal/text"
)

// eciToken is a byte segment behind an ECI designator (UTF-8), the encoding
// of none of ezz's codes.
type eciToken string

func (s eciToken) Check() error              { return nil }
func (s eciToken) Bits(v coding.Version) int { return 12 + coding.String(s).Bits(v) }
func (s eciToken) Encode(b *coding.Bits, v coding.Version) {
	b.Write(7, 4)
	b.Write(26, 8)
	coding.String(s).Encode(b, v)
}

// TestReadQRImageNotPlain: a picture of a code that scanners may read
// otherwise is a bad QR code (exit 1), as one without a code is.
func TestReadQRImageNotPlain(t *testing.T) {
	p, err := coding.NewPlan(6, coding.M, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, err := p.Encode(eciToken("EZZ1:1.2.156.3005.2.A:ABCDEF"))
	if err != nil {
		t.Fatal(err)
	}
	const px = 6
	img := image.NewGray(image.Rect(0, 0, (code.Size+8)*px, (code.Size+8)*px))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := range code.Size * px {
		for x := range code.Size * px {
			if code.Black(x/px, y/px) {
				img.SetGray(x+4*px, y+4*px, color.Gray{})
			}
		}
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, err := ReadQRImage(path)
	if err == nil || !errors.Is(err, qr.ErrNotPlain) || text.ClassOf(err) != text.Bad {
		t.Errorf("got %q, %v (class %v), want a bad QR code, qr.ErrNotPlain", got, err, text.ClassOf(err))
	}
}
