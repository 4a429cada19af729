package catalogue

import (
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"ezz/internal/asset"
	"ezz/internal/font"

	"github.com/emmansun/gmsm/sm3"
	"gopkg.in/yaml.v3"

	"ezz/internal/text"
)

// hashVersion heads the manifest Hash digests; change it only with the manifest layout.
const hashVersion = "ezz-template-hash/v1"

// Hash returns "sm3:<hex>", the content hash of the template and every asset
// it uses: the SM3 of a manifest that lists the SM3 of the template file, of
// each image (by its name in the template) and of each font (by name, its
// content wherever it was found). The same template and assets give the same
// hash on any machine; the issuance pipeline records it in every certificate.
func Hash(t *Template) (string, error) {
	m, err := manifest(t)
	if err != nil {
		return "", err
	}
	sum := sm3.Sum([]byte(m))
	return "sm3:" + hex.EncodeToString(sum[:]), nil
}

func manifest(t *Template) (string, error) {
	raw := t.raw
	if raw == nil {
		b, err := yaml.Marshal(t)
		if err != nil {
			return "", fmt.Errorf("hash template: %w", err)
		}
		raw = b
	}
	sum := sm3.Sum(raw)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\ntemplate %x\n", hashVersion, sum)
	for _, name := range t.imageNames() {
		h, err := fileSM3(t.assetPath(name))
		if err != nil {
			return "", fmt.Errorf("hash image %q: %w", name, err)
		}
		fmt.Fprintf(&b, "image %s %s\n", name, h)
	}
	dirs := append(append([]string{t.Dir}, t.FontDirs...), font.SystemDirs()...)
	for _, name := range t.fontNames() {
		c, err := font.Resolve([]string{name}, dirs)
		if err != nil {
			return "", fmt.Errorf("hash font: %w", err)
		}
		h, err := fileSM3(c.Font(0).Path)
		if err != nil {
			return "", fmt.Errorf("hash font %q: %w", name, err)
		}
		fmt.Fprintf(&b, "font %s %s\n", name, h)
	}
	return b.String(), nil
}

// imageNames lists the image files the face uses, sorted and unique.
func (t *Template) imageNames() []string {
	var names []string
	if t.Face.BaseImage != "" {
		names = append(names, t.Face.BaseImage)
	}
	for _, e := range t.Face.Elements {
		if (e.Kind == KindSeal || e.Kind == KindImage) && e.Image != "" {
			names = append(names, e.Image)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// fontNames lists the fonts of the face and its elements, sorted and unique.
func (t *Template) fontNames() []string {
	names := slices.Clone(t.Face.Fonts)
	for _, e := range t.Face.Elements {
		names = append(names, e.Fonts...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

type fileKey struct {
	path  string
	size  int64
	mtime int64
}

// maxAssetBytes bounds any file hashed into the catalogue entry (fonts are the largest).
const maxAssetBytes = font.MaxFontBytes

var fileHashes sync.Map // fileKey → hex SM3

// fileSM3 returns the hex SM3 of a file, cached by path, size and mtime.
func fileSM3(path string) (string, error) {
	f, size, err := asset.Open(path, maxAssetBytes)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	key := fileKey{path, size, st.ModTime().UnixNano()}
	if h, ok := fileHashes.Load(key); ok {
		return h.(string), nil
	}
	h := sm3.New()
	if n, err := io.Copy(h, io.LimitReader(f, maxAssetBytes+1)); err != nil || n > maxAssetBytes {
		return "", text.Errorf("读取 %s 失败，或文件超过 %d 字节", "read %s: failed, or the file grew past %d bytes", path, int64(maxAssetBytes))
	}
	sum := hex.EncodeToString(h.Sum(nil))
	fileHashes.Store(key, sum)
	return sum, nil
}
