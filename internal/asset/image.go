package asset

import (
	"bytes"
	"image"
	_ "image/jpeg" // base images and seals may be JPEG
	_ "image/png"  // base images and seals may be PNG

	"ezz/internal/text"
)

// Limits on an image asset: its file size and its pixel count. Decoding costs
// up to 8 bytes a pixel (16-bit RGBA) and rendering 4 more, so MaxImagePixels
// bounds an image's memory near 250 MB; an A4 page at 300 dpi is 8.7 million.
const (
	MaxImageBytes  = 20 << 20
	MaxImagePixels = 20_000_000
)

// Image is an image file read and checked from its header, not yet decoded.
type Image struct {
	Path   string
	Data   []byte
	Config image.Config
	Format string // "png" or "jpeg"
}

// ReadImage reads the image at path and checks its header: a PNG or JPEG of
// 1 to MaxImagePixels pixels. Decode it only after that.
func ReadImage(path string) (*Image, error) {
	data, err := Read(path, MaxImageBytes)
	if err != nil {
		return nil, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, badImage(text.Errorf("%s 不是 PNG 或 JPEG 图片", "%s is not a PNG or JPEG image", path))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return nil, badImage(text.Errorf("%s 为 %d×%d 像素，超过 %d 像素的上限", "%s is %d×%d pixels, over the limit of %d pixels",
			path, cfg.Width, cfg.Height, MaxImagePixels).WithHint("请缩小后重新导出", "scale it down and export it again"))
	}
	return &Image{Path: path, Data: data, Config: cfg, Format: format}, nil
}

// Decode decodes the checked image.
func (im *Image) Decode() (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return nil, badImage(text.Errorf("%s（%s）无法解码：%v", "%s (%s) does not decode: %v", im.Path, im.Format, err))
	}
	return img, nil
}

func badImage(e *text.Error) error {
	e.Err = ErrBadImage
	return e
}
