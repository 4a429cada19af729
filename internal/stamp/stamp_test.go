package stamp

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"testing"

	"ezz/internal/font"
	"ezz/internal/testenv"
)

// fonts are the bundled templates' fonts, as the renderer gives them.
func fonts(t *testing.T) [][]byte {
	t.Helper()
	c, err := font.Resolve([]string{"wqy-microhei.ttc", "DejaVuSans.ttf", "HanaMinA.ttf"}, font.SystemDirs())
	if err != nil {
		testenv.Missing(t, "fonts: %v", err)
	}
	var out [][]byte
	for i := 0; i < c.Len(); i++ {
		out = append(out, c.TTF(i))
	}
	return out
}

// TestDraw: each office gets its own seal, the same one every time: red
// ink on transparency, the ring and the star where they belong.
func TestDraw(t *testing.T) {
	fs := fonts(t)
	a, err := Draw("武汉市硚口区市场监督管理局", fs)
	if err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv("STAMP_OUT"); path != "" {
		os.WriteFile(path, a, 0o644)
	}
	again, _ := Draw("武汉市硚口区市场监督管理局", fs)
	other, _ := Draw("武汉市江汉区市场监督管理局", fs)
	if !bytes.Equal(a, again) {
		t.Error("the same office drew two different seals")
	}
	if bytes.Equal(a, other) {
		t.Error("two offices drew the same seal")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	alpha := func(x, y int) uint32 { _, _, _, a := img.At(x, y).RGBA(); return a }
	if img.Bounds() != image.Rect(0, 0, Size, Size) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	for _, p := range []struct {
		name string
		x, y int
		ink  bool
	}{
		{"corner", 2, 2, false},
		{"ring, left", Size * 35 / 1000, Size / 2, true},
		{"inside the ring", Size * 7 / 100, Size / 2, false},
		{"star", Size / 2, Size/2 - 5, true},
		{"between star and ring", Size / 2, Size * 31 / 100, false},
	} {
		if got := alpha(p.x, p.y) > 0x8000; got != p.ink {
			t.Errorf("%s (%d,%d): ink %v, want %v", p.name, p.x, p.y, got, p.ink)
		}
	}
	if r, g, b, _ := img.At(Size/2, Size/2-5).RGBA(); r>>8 != uint32(Red.R) || g>>8 != uint32(Red.G) || b>>8 != uint32(Red.B) {
		t.Errorf("star colour %x %x %x, want %v", r>>8, g>>8, b>>8, Red)
	}
}

// TestDrawRefuses: a name no font can draw, or none at all, is an error.
func TestDrawRefuses(t *testing.T) {
	fs := fonts(t)
	for _, name := range []string{"", "\U0010FFFD办公室", string(make([]rune, maxRunes+1))} {
		if _, err := Draw(name, fs); err == nil {
			t.Errorf("%q: no error", name)
		}
	}
	if _, err := Draw("某局", nil); err == nil {
		t.Error("no fonts: no error")
	}
}
