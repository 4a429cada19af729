package catalogue

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

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
	return HashWith(t, processSums)
}

// HashWith is Hash taking the SM3 of files it has seen from sums (which
// learns the others): the same hash, without the SM3 of tens of MB of fonts
// on every run.
func HashWith(t *Template, sums *Sums) (string, error) {
	return HashFonts(t, sums, nil)
}

// HashFonts is HashWith summing each font as fonts read it (nil: a new
// font.Fonts): given the Fonts the face is drawn from, the hash is of the
// very bytes drawn, even if a file changes while the template loads.
func HashFonts(t *Template, sums *Sums, fonts *font.Fonts) (string, error) {
	if sums == nil {
		sums = processSums
	}
	if fonts == nil {
		fonts = font.NewFonts()
	}
	m, err := manifest(t, sums, fonts)
	if err != nil {
		return "", err
	}
	sum := sm3.Sum([]byte(m))
	return "sm3:" + hex.EncodeToString(sum[:]), nil
}

func manifest(t *Template, sums *Sums, fonts *font.Fonts) (string, error) {
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
		h, err := fileSM3(t.assetPath(name), sums)
		if err != nil {
			return "", fmt.Errorf("hash image %q: %w", name, err)
		}
		fmt.Fprintf(&b, "image %s %s\n", name, h)
	}
	dirs := t.FontSearch()
	for _, name := range t.FontNames() {
		h, err := fontSM3(fonts, name, dirs, sums)
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

// FontNames lists the fonts of the face and its elements, sorted and unique.
func (t *Template) FontNames() []string {
	names := slices.Clone(t.Face.Fonts)
	for _, e := range t.Face.Elements {
		names = append(names, e.Fonts...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// FontSearch is the directories the face's fonts are looked for in, in
// order: the template's own, FontDirs, then the system's.
func (t *Template) FontSearch() []string {
	return append(append([]string{t.Dir}, t.FontDirs...), font.SystemDirs()...)
}

// maxAssetBytes bounds any file hashed into the catalogue entry (fonts are the largest).
const maxAssetBytes = font.MaxFontBytes

// fileSM3 returns the hex SM3 of a file. It reads the file with SHA-256
// first and takes the SM3 from sums when they hold it; otherwise it reads
// the file again for both, and the SM3 of that reading is recorded under
// that reading's SHA-256. With no sums to look in, one reading does both.
func fileSM3(path string, sums *Sums) (string, error) {
	f, _, err := asset.Open(path, maxAssetBytes)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if !sums.empty() {
		key := sha256.New()
		if err := readAll(f, path, key); err != nil {
			return "", err
		}
		if sum, ok := sums.get([sha256.Size]byte(key.Sum(nil))); ok {
			return hex.EncodeToString(sum[:]), nil
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return "", err
		}
	}
	key, h := sha256.New(), sm3.New()
	if err := readAll(f, path, io.MultiWriter(key, h)); err != nil {
		return "", err
	}
	sum := [sm3.Size]byte(h.Sum(nil))
	sums.put([sha256.Size]byte(key.Sum(nil)), sum)
	return hex.EncodeToString(sum[:]), nil
}

// fontSM3 returns the hex SM3 of the font file name resolves to in dirs, as
// fonts read it: the SM3 sums holds under that reading's SHA-256, or else
// the SM3 of the file read again, refused if the file changed in between.
func fontSM3(fonts *font.Fonts, name string, dirs []string, sums *Sums) (string, error) {
	path, index, err := fonts.Find(name, dirs)
	if err != nil {
		return "", err
	}
	key, err := fonts.Sum(path, index)
	if err != nil {
		return "", err
	}
	if sum, ok := sums.get(key); ok {
		return hex.EncodeToString(sum[:]), nil
	}
	again := NewSums("")
	h, err := fileSM3(path, again)
	if err != nil {
		return "", err
	}
	sum, ok := again.get(key)
	if !ok {
		return "", text.Errorf("字体 %s 在读取时被改动", "font %s changed while it was read", path).WithHint(
			"请在字体文件不再改动后重试", "try again once the font file is no longer being changed")
	}
	sums.put(key, sum)
	return h, nil
}

// readAll writes the whole of f into w, refusing more than maxAssetBytes.
func readAll(f io.Reader, path string, w io.Writer) error {
	if n, err := io.Copy(w, io.LimitReader(f, maxAssetBytes+1)); err != nil || n > maxAssetBytes {
		return text.Errorf("读取 %s 失败，或文件超过 %d 字节", "read %s: failed, or the file grew past %d bytes", path, int64(maxAssetBytes))
	}
	return nil
}
