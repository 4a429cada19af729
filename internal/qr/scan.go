package qr

import (
	"errors"
	"fmt"
	"image"
	"image/color"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"rsc.io/qr/coding"

	"ezz/internal/text"
)

// ErrNoCode is returned (wrapped) by DecodeImage when it finds no QR code in
// the image: not ErrMalformed, which says a code was read but is no ezz token.
// Commands report both as they do any input they cannot use.
var ErrNoCode error = text.Errorf("图片中没有找到二维码", "no QR code found in the image").
	WithHint("请完整、清晰、端正地拍摄二维码（每个模块至少 2 个像素），或直接给出二维码的文字",
		"photograph the whole QR code, sharp and straight (2 pixels a module or more), or give its text instead")

// target is the long side, in pixels, each attempt scales the image to: a
// full page at 75–150 dpi, where a 0.7 mm module is 2–4 pixels.
var targets = []int{1400, 2400, 900, 3200}

// scan finds and reads the QR code in img. ZXing's detector is sensitive to
// the module size in pixels (under about 3 it misses the finder patterns, on
// a large page text and rulings mislead it), so scan tries the image at a few
// sizes, each with the hybrid (local) and then the global binarizer, and at
// last as a pure barcode. A panic in the decoder on a hostile image is
// reported as ErrNoCode.
func scan(img image.Image) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: the decoder failed: %v", ErrNoCode, r)
		}
	}()
	g := toGray(img)
	long := max(g.Bounds().Dx(), g.Bounds().Dy())
	var last error
	tried := map[int]bool{}
	for _, want := range targets {
		scaled := g
		if want < long*9/10 || want > long*11/10 && long*3 >= want {
			scaled = resize(g, float64(want)/float64(long))
		}
		n := max(scaled.Bounds().Dx(), scaled.Bounds().Dy())
		if tried[n] {
			continue
		}
		tried[n] = true
		text, err := decodeGray(scaled)
		if errors.Is(err, ErrNotPlain) {
			return "", fmt.Errorf("the QR code in the image may not read the same on every phone: %w", err)
		}
		if err == nil {
			return text, nil
		}
		last = err
	}
	return "", fmt.Errorf("%w: %v", ErrNoCode, last)
}

// decodeGray tries both binarizers, then the pure-barcode reading.
func decodeGray(g *image.Gray) (string, error) {
	src := gozxing.NewLuminanceSourceFromImage(g)
	hard := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	var last error
	for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(src), gozxing.NewGlobalHistgramBinarizer(src)} {
		bmp, err := gozxing.NewBinaryBitmap(bin)
		if err != nil {
			return "", err
		}
		res, err := zxqr.NewQRCodeReader().Decode(bmp, hard)
		if err == nil {
			return plainText(res)
		}
		last = err
	}
	bmp, _ := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	pure := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	if res, err := zxqr.NewQRCodeReader().Decode(bmp, pure); err == nil {
		return plainText(res)
	}
	return "", last
}

// plainText is the text of the code read as res when every scanner reads
// it alike: its data is the segments plainSegments reads (no ECI, FNC1,
// structured append, Kanji or Hanzi, bytes of printable ASCII), else an
// ErrNotPlain. Unlike ReadModules, it cannot ask for the exact modules: a
// photograph has errors that error correction is there to repair.
func plainText(res *gozxing.Result) (string, error) {
	name, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	level, ok := levels[name]
	data := res.GetRawBytes()
	v := coding.Version(1)
	for ok && v < 40 && v.DataBytes(level) < len(data) {
		v++
	}
	if !ok || v.DataBytes(level) != len(data) {
		return "", fmt.Errorf("%w: the decoder gave %d data bytes at level %q", ErrNoCode, len(data), name)
	}
	_, text, err := plainSegments(data, v)
	switch {
	case err != nil && !errors.Is(err, ErrNotPlain):
		return "", fmt.Errorf("%w: %v", ErrNoCode, err)
	case err != nil:
		return "", err
	case text != res.GetText():
		return "", notPlain(fmt.Sprintf("its bytes read %q or %q, by the character set a scanner guesses", text, res.GetText()))
	}
	return text, nil
}

// toGray converts img to 8-bit luminance once.
func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch m := img.(type) {
	case *image.YCbCr: // JPEG: the Y plane is the luminance
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], m.Y[m.YOffset(b.Min.X, b.Min.Y+y):])
		}
		return g
	case *image.RGBA:
		rgbGray(g, m.Pix, m.Stride, b.Dx(), b.Dy(), m.PixOffset(b.Min.X, b.Min.Y))
		return g
	case *image.NRGBA:
		rgbGray(g, m.Pix, m.Stride, b.Dx(), b.Dy(), m.PixOffset(b.Min.X, b.Min.Y))
		return g
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.SetGray(x-b.Min.X, y-b.Min.Y, color.GrayModel.Convert(img.At(x, y)).(color.Gray))
		}
	}
	return g
}

// rgbGray fills g from 4-byte RGBA pixels with the luma weights of
// color.GrayModel (alpha ignored: page images are opaque).
func rgbGray(g *image.Gray, pix []byte, stride, w, h, off int) {
	for y := 0; y < h; y++ {
		row := pix[off+y*stride:]
		out := g.Pix[y*g.Stride:]
		for x := 0; x < w; x++ {
			r, gr, b := uint32(row[4*x]), uint32(row[4*x+1]), uint32(row[4*x+2])
			out[x] = uint8((19595*r + 38470*gr + 7471*b + 1<<15) >> 16)
		}
	}
}

// resize scales g by f: area-averaging down, bilinear up (bilinear); a
// shrink past 0.75 first averages k×k blocks (shrink), so that the bilinear
// step after it scales by 0.75–1.5. Both work on the gray bytes alone:
// x/image/draw's kernel scalers held a float64 RGBA buffer of the output's
// width by the input's height (a blank 40-megapixel picture, 60 KB of PNG,
// took 1.5 GB to scale to 3,200 pixels, an 8-megapixel one 300 MB to scale
// up to it), and its approximate one boxed a color a pixel.
func resize(g *image.Gray, f float64) *image.Gray {
	b := g.Bounds()
	w, h := max(1, int(float64(b.Dx())*f+0.5)), max(1, int(float64(b.Dy())*f+0.5))
	if f < 0.75 {
		k := int(1 / f)
		if f*float64(k) < 0.75 {
			k++
		}
		g = shrink(g, k)
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	bilinear(out, g)
	return out
}

// bilinear scales src to fill dst, each output pixel interpolated from the
// four input pixels around its centre (weights in 1/256).
func bilinear(dst, src *image.Gray) {
	sb, db := src.Bounds(), dst.Bounds()
	sw, sh, dw, dh := sb.Dx(), sb.Dy(), db.Dx(), db.Dy()
	type tap struct{ i0, i1, w1 int }
	taps := func(n, m int) []tap { // m output positions over n input ones
		t := make([]tap, m)
		for i := range t {
			c := (float64(i)+0.5)*float64(n)/float64(m) - 0.5
			c = min(max(c, 0), float64(n-1))
			i0 := int(c)
			t[i] = tap{i0, min(i0+1, n-1), int((c - float64(i0)) * 256)}
		}
		return t
	}
	xs, ys := taps(sw, dw), taps(sh, dh)
	at := func(y int) []uint8 { return src.Pix[(sb.Min.Y+y-src.Rect.Min.Y)*src.Stride+sb.Min.X-src.Rect.Min.X:] }
	for y, ty := range ys {
		r0, r1 := at(ty.i0), at(ty.i1)
		out := dst.Pix[(db.Min.Y+y-dst.Rect.Min.Y)*dst.Stride+db.Min.X-dst.Rect.Min.X:]
		for x, tx := range xs {
			top := int(r0[tx.i0])*(256-tx.w1) + int(r0[tx.i1])*tx.w1
			bot := int(r1[tx.i0])*(256-tx.w1) + int(r1[tx.i1])*tx.w1
			out[x] = uint8((top*(256-ty.w1) + bot*ty.w1 + 1<<15) >> 16)
		}
	}
}

// shrink averages each k×k block of g (fewer at the right and bottom
// edges) into one pixel.
func shrink(g *image.Gray, k int) *image.Gray {
	b := g.Bounds()
	w, h := (b.Dx()+k-1)/k, (b.Dy()+k-1)/k
	out := image.NewGray(image.Rect(0, 0, w, h))
	sum := make([]uint32, w)
	for y0 := 0; y0 < b.Dy(); y0 += k {
		clear(sum)
		rows := min(k, b.Dy()-y0)
		for y := y0; y < y0+rows; y++ {
			row := g.Pix[(b.Min.Y+y-g.Rect.Min.Y)*g.Stride+b.Min.X-g.Rect.Min.X:]
			for x := range b.Dx() {
				sum[x/k] += uint32(row[x])
			}
		}
		dst := out.Pix[(y0/k)*out.Stride:]
		for i := range w {
			n := uint32(rows * min(k, b.Dx()-i*k))
			dst[i] = uint8((sum[i] + n/2) / n)
		}
	}
	return out
}
