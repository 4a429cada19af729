package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeImage reads JPEG
	_ "image/png"  // DecodeImage reads PNG
	"io"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

// Limits on images DecodeImage accepts.
const (
	MaxImageBytes  = 16 << 20 // file size
	MaxImagePixels = 40 << 20 // width × height
)

// Version returns the QR version (1–40) payload needs at error correction
// level M, the version Modules and PNG draw when it is at most MaxQRVersion.
func Version(payload string) (int, error) {
	v, _, err := choose(payload)
	return v, err
}

// Modules returns the dark (true) and light modules of payload's QR code at
// level M, row by row, without the quiet zone: the caller draws the four-module
// light margin around it. It refuses payloads that need a version above MaxQRVersion.
func Modules(payload string) ([][]bool, error) {
	s, err := encodeSymbol(payload)
	if err != nil {
		return nil, err
	}
	return s.modules(), nil
}

// PNG returns payload's QR code at level M as a PNG image with pxPerModule
// pixels per module and a four-module quiet zone.
func PNG(payload string, pxPerModule int) ([]byte, error) {
	if pxPerModule < 1 || pxPerModule > 64 {
		return nil, fmt.Errorf("QR image of %d pixels per module: want 1 to 64", pxPerModule)
	}
	s, err := encodeSymbol(payload)
	if err != nil {
		return nil, err
	}
	return s.png(pxPerModule)
}

// ErrNoCode is returned by DecodeImage when it finds no readable QR code.
var ErrNoCode = errors.New("no readable QR code in the image")

// DecodeImage reads a PNG or JPEG image and returns the text of the QR code in
// it. It refuses files over MaxImageBytes and images over MaxImagePixels before
// decoding them.
func DecodeImage(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil {
		return "", fmt.Errorf("read QR image: %w", err)
	}
	if len(data) > MaxImageBytes {
		return "", fmt.Errorf("QR image larger than %d MiB", MaxImageBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("read QR image: not a PNG or JPEG image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return "", fmt.Errorf("QR image of %d×%d pixels: at most %d megapixels", cfg.Width, cfg.Height, MaxImagePixels>>20)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("decode %s QR image: %w", format, err)
	}
	return scan(img)
}

// scan finds and reads the QR code in img. When the finder search fails it
// reads img as a pure barcode (upright, with a light margin), which recovers
// clean renderings where a finder-like shape in the data misleads ZXing's
// detector (about 3 in 100 version-10 tokens drawn at 4 pixels a module,
// as often with go-qrcode's codes as with ours). A panic in the decoder on a
// hostile image is reported as ErrNoCode.
func scan(img image.Image) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: the decoder failed: %v", ErrNoCode, r)
		}
	}()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoCode, err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		pure := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
		if res, perr := zxqr.NewQRCodeReader().Decode(bmp, pure); perr == nil {
			return res.GetText(), nil
		}
		return "", fmt.Errorf("%w: %v", ErrNoCode, err)
	}
	return res.GetText(), nil
}
