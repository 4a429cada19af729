package catalogue

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"ezz/internal/asset"
	"ezz/internal/text"
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

// decodeImage reads and decodes an image with the limits rendering applies
// (asset.ReadImage): what lint passes, convert draws.
func decodeImage(path string) imageResult {
	a, err := asset.ReadImage(path)
	if errors.Is(err, fs.ErrNotExist) {
		return imageResult{missing: true, err: text.Errorf("%s 不存在", "%s does not exist", path)}
	}
	if err != nil {
		return imageResult{missing: !isAssetError(err), err: err}
	}
	if _, err := a.Decode(); err != nil {
		return imageResult{err: err}
	}
	return imageResult{w: a.Config.Width, h: a.Config.Height}
}

func isAssetError(err error) bool {
	return errors.Is(err, asset.ErrBadImage) || errors.Is(err, asset.ErrTooLarge) || errors.Is(err, asset.ErrNotRegular)
}

// checkInside warns when an asset path leads out of the template's
// directory, written absolute or through a symlink: what lint checked there
// can change without the template changing.
func checkInside(d *doc, t *Template, name string, path []any) {
	if outside(t.Dir, t.assetPath(name)) {
		d.atPath(path, RuleAssetOutside, text.F("文件 %q 在模板目录 %s 之外；请把它复制到模板旁边，用相对路径引用",
			"file %q lies outside the template's directory %s; copy it next to the template and name it by a relative path", name, t.Dir))
	}
}

// outside reports whether path, with every symlink resolved, is not under dir.
func outside(dir, path string) bool {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		real = filepath.Clean(path) // missing files are reported by their own rule
		if !filepath.IsAbs(real) {
			return false
		}
	}
	root, _ = filepath.Abs(root)
	real, _ = filepath.Abs(real)
	rel, err := filepath.Rel(root, real)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
