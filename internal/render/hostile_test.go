package render

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"ezz/internal/asset"
	"ezz/internal/catalogue"
	"ezz/internal/input/inputtest"
)

// TestNewRendererRefusesHostileAssets: the files lint refuses (asset), the
// renderer refuses too, with the same limits, before decoding anything.
func TestNewRendererRefusesHostileAssets(t *testing.T) {
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.png")
	if err := os.WriteFile(bomb, bombPNG(12000, 12000), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe.png")
	if err := inputtest.Mkfifo(pipe); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*catalogue.Template)
		want   error
	}{
		{"seal is a pixel bomb", func(t *catalogue.Template) { setSeal(t, bomb) }, asset.ErrBadImage},
		{"seal is a FIFO", func(t *catalogue.Template) { setSeal(t, pipe) }, asset.ErrNotRegular},
		{"base image is /dev/zero", func(t *catalogue.Template) { t.Face.BaseImage = "/dev/zero" }, asset.ErrNotRegular},
		{"font is /dev/urandom", func(t *catalogue.Template) { t.Face.Fonts = []string{"/dev/urandom"} }, asset.ErrNotRegular},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := loadTemplate(t, "food-business")
			tt.change(tpl)
			if _, err := NewRenderer(tpl, Options{}); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func setSeal(t *catalogue.Template, path string) {
	for i := range t.Face.Elements {
		if t.Face.Elements[i].Kind == catalogue.KindSeal {
			t.Face.Elements[i].Image = path
		}
	}
}

// bombPNG is the header of a w×h 16-bit RGBA PNG with no pixel data.
func bombPNG(w, h uint32) []byte {
	chunk := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 16, 6, 0, 0, 0)
	b := append([]byte("\x89PNG\r\n\x1a\n"), 0, 0, 0, 13)
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}
