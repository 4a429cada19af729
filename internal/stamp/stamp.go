// Package stamp draws the pilot seal image (印章图样) of an issuing office:
// the round red seal with the office's name along the upper arc, a star in
// the middle and 试点样章 ("pilot specimen") under it, as a PNG with
// transparency. A pilot workspace gives it to every office that has no
// seal of its own, so that no trial certificate bears another authority's
// seal; the words 试点样章 keep it from passing for a real one. The same
// name and fonts always give the same bytes.
package stamp

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"golang.org/x/image/vector"
)

// Size is the side of the image in pixels: 300 dpi over a 40 mm seal.
const Size = 472

// Red is the seal's colour.
var Red = color.NRGBA{R: 0xD8, G: 0x1E, B: 0x26, A: 0xFF}

// Mark is the line under the star.
const Mark = "试点样章"

// maxRunes bounds the office name drawn (real names have at most ~30).
const maxRunes = 40

// Draw draws the seal of office with the first of fonts (TrueType or
// OpenType data) that has each character.
func Draw(office string, fonts [][]byte) ([]byte, error) {
	p, err := newPen(fonts)
	if err != nil {
		return nil, err
	}
	name := []rune(office)
	if len(name) == 0 || len(name) > maxRunes {
		return nil, fmt.Errorf("seal: the office name has %d characters, want 1 to %d", len(name), maxRunes)
	}
	z := vector.NewRasterizer(Size, Size)
	c := float32(Size) / 2
	ring(z, c, 0.485*Size, 0.445*Size)
	star(z, c, c-0.01*Size, 0.16*Size)
	if err := p.arc(z, name, c); err != nil {
		return nil, err
	}
	if err := p.line(z, []rune(Mark), c, c+0.3*Size, 0.075*Size); err != nil {
		return nil, err
	}
	mask := image.NewAlpha(image.Rect(0, 0, Size, Size))
	z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	img := image.NewNRGBA(mask.Bounds())
	for i, a := range mask.Pix {
		if a != 0 {
			img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = Red.R, Red.G, Red.B, a
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ring adds the band between two circles: the outer one clockwise, the
// inner one anticlockwise, so that the inside is not filled.
func ring(z *vector.Rasterizer, c, outer, inner float32) {
	circle(z, c, outer, 1)
	circle(z, c, inner, -1)
}

func circle(z *vector.Rasterizer, c, r float32, dir float64) {
	const n = 360
	z.MoveTo(c+r, c)
	for i := 1; i < n; i++ {
		a := dir * 2 * math.Pi * float64(i) / n
		z.LineTo(c+r*float32(math.Cos(a)), c+r*float32(math.Sin(a)))
	}
	z.ClosePath()
}

// star adds a five-pointed star of outer radius r centred at (cx, cy), one
// point up.
func star(z *vector.Rasterizer, cx, cy, r float32) {
	inner := r * 0.382
	for i := 0; i < 10; i++ {
		rad := r
		if i%2 == 1 {
			rad = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		x, y := cx+rad*float32(math.Cos(a)), cy+rad*float32(math.Sin(a))
		if i == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}
