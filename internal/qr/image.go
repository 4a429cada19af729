package qr

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeImage reads JPEG
	_ "image/png"  // DecodeImage reads PNG
	"io"
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
