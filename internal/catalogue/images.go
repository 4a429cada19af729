package catalogue

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // base images and seals may be JPEG
	_ "image/png"
	"io/fs"
	"path/filepath"
)

// Limits on image assets: file size and pixel dimensions (decompression bombs).
const (
	MaxImageSize   = 20 << 20
	MaxImagePixels = 12000
)

type imageResult struct {
	w, h    int
	missing bool // the file does not exist or cannot be read
	err     error
}

// assetPath resolves an asset name against the template's directory.
func (t *Template) assetPath(name string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(t.Dir, name)
}

// image decodes the image at path fully, once per Linter.
func (l *Linter) image(path string) imageResult {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	l.mu.Lock()
	r, ok := l.images[abs]
	l.mu.Unlock()
	if ok {
		return r
	}
	r = decodeImage(abs)
	l.mu.Lock()
	if l.images == nil {
		l.images = map[string]imageResult{}
	}
	l.images[abs] = r
	l.mu.Unlock()
	return r
}

func decodeImage(path string) imageResult {
	data, err := readLimited(path, MaxImageSize)
	if err != nil {
		var tl *tooLargeError
		if errors.As(err, &tl) {
			return imageResult{err: tl.text()}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return imageResult{missing: true, err: tr("%s 不存在", "%s does not exist", path)}
		}
		return imageResult{missing: true, err: err}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return imageResult{err: tr("%s 不是 PNG 或 JPEG 图片：%v", "%s is not a PNG or JPEG image: %v", path, err)}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImagePixels || cfg.Height > MaxImagePixels {
		return imageResult{err: tr("%s 为 %d×%d 像素；图片请控制在 %d×%d 以内",
			"%s is %d×%d pixels; keep images within %d×%d", path, cfg.Width, cfg.Height, MaxImagePixels, MaxImagePixels)}
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return imageResult{err: tr("%s（%s）无法解码：%v", "%s (%s) does not decode: %v", path, format, err)}
	}
	return imageResult{w: cfg.Width, h: cfg.Height}
}
