package qr

import (
	"bytes"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"strings"
	"testing"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// TestPNGRoundTrip reads the golden tokens back from PNG, JPEG, scaled and
// rotated pictures. The payloads are fixed: gozxing's finder search is
// misled by about 3 in 100 random tokens once scaled or rotated
// (TestTokensDecode and FuzzSegments cover random payloads).
func TestPNGRoundTrip(t *testing.T) {
	for _, name := range []string{"token.txt", "token-plain.txt"} {
		t.Run(name, func(t *testing.T) { checkPictures(t, readGolden(t, name)) })
	}
}

func checkPictures(t *testing.T, p string) {
	data, err := PNG(p, 4)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := Version(p)
	if got, want := img.Bounds().Dx(), 4*(17+4*v+8); got != want {
		t.Errorf("PNG width %d, want %d (4 px per module, quiet zone of 4 modules)", got, want)
	}
	tests := []struct {
		name string
		img  func() []byte
	}{
		{"png", func() []byte { return data }},
		{"jpeg", func() []byte { return encodeJPEG(t, img, 60) }},
		{"scaled 1.7x", func() []byte { return encodeJPEG(t, transform(img, 1.7, 0), 80) }},
		{"rotated 17 degrees", func() []byte { return encodePNG(t, transform(img, 1.3, 17)) }},
		{"upside down", func() []byte { return encodePNG(t, transform(img, 1, 180)) }},
		{"drawn from Modules", func() []byte { return encodePNG(t, fromModules(t, p, 3)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeImage(bytes.NewReader(tt.img()))
			if err != nil {
				t.Fatalf("DecodeImage: %v", err)
			}
			if got != p {
				t.Errorf("got %q, want %q", got, p)
			}
		})
	}
}

func TestModules(t *testing.T) {
	sk := sm2Key(t)
	p := mustMake(t, claimsFor(sk), sk, urlPrefix)
	m, err := Modules(p)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := Version(p)
	if len(m) != 17+4*v || len(m[0]) != len(m) {
		t.Fatalf("got %d×%d modules, want %d (no quiet zone)", len(m), len(m[0]), 17+4*v)
	}
	for i := range 7 { // top edge of the top-left finder pattern
		if !m[0][i] {
			t.Fatalf("module (0,%d) is light, want the dark finder pattern at the edge", i)
		}
	}
	if _, err := Modules(strings.Repeat("A", 400)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("400 characters: got %v, want ErrTooLarge", err)
	}
}

func TestDecodeImageRejects(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 100, 100))
	draw.Draw(blank, blank.Bounds(), image.White, image.Point{}, draw.Src)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not an image", []byte("EZZ1:hello"), "not a PNG or JPEG"},
		{"no code", encodePNG(t, blank), "no QR code found"},
		{"huge dimensions", pngHeader(100000, 100000), "megapixels"},
		{"truncated png", encodePNG(t, blank)[:60], "QR image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeImage(bytes.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func FuzzDecodeImage(f *testing.F) {
	blank := image.NewGray(image.Rect(0, 0, 8, 8))
	var b bytes.Buffer
	_ = png.Encode(&b, blank)
	f.Add(b.Bytes())
	f.Add(pngHeader(1, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = DecodeImage(bytes.NewReader(data))
	})
}

// pngHeader returns a PNG signature and an IHDR chunk claiming w×h pixels.
func pngHeader(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	data := b.Bytes()
	put := func(off, v int) {
		data[off], data[off+1], data[off+2], data[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	put(16, w)
	put(20, h)
	put(29, int(crc32.ChecksumIEEE(data[12:29])))
	return data[:33]
}

// transform scales img and rotates it by deg degrees on a white canvas.
func transform(src image.Image, scale, deg float64) image.Image {
	b := src.Bounds()
	side := int(float64(b.Dx())*scale*1.5) + 20
	dst := image.NewRGBA(image.Rect(0, 0, side, side))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	c := float64(side) / 2
	m := f64.Aff3{
		scale * cos, -scale * sin, c - scale*(cos*cx-sin*cy),
		scale * sin, scale * cos, c - scale*(sin*cx+cos*cy),
	}
	draw.BiLinear.Transform(dst, m, src, b, draw.Over, nil)
	return dst
}

// fromModules draws Modules with a four-module quiet zone, as a PDF renderer would.
func fromModules(t *testing.T, payload string, px int) image.Image {
	m, err := Modules(payload)
	if err != nil {
		t.Fatal(err)
	}
	return picture(m, px)
}

// picture draws modules m with a four-module quiet zone, px pixels a module.
func picture(m [][]bool, px int) image.Image {
	side := (len(m) + 8) * px
	img := image.NewGray(image.Rect(0, 0, side, side))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for y, row := range m {
		for x, dark := range row {
			if dark {
				r := image.Rect((x+4)*px, (y+4)*px, (x+5)*px, (y+5)*px)
				draw.Draw(img, r, image.NewUniform(color.Black), image.Point{}, draw.Src)
			}
		}
	}
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image, quality int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
