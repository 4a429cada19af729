package font

import (
	"bytes"
	"errors"
	"ezz/internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/sfnt"
)

// chain is the fallback chain the bundled templates use.
var testNames = []string{"wqy-microhei.ttc", "DejaVuSans.ttf", "HanaMinA.ttf", "HanaMinB.ttf"}

func needFonts(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		if find(n, SystemDirs()) == "" {
			testenv.Missing(t, "font %s not installed: run scripts/install-deps.sh", n)
		}
	}
}

func testChain(t testing.TB) *Chain {
	t.Helper()
	needFonts(t, testNames...)
	c, err := Resolve(testNames, SystemDirs())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCollectionExtract(t *testing.T) {
	needFonts(t, "wqy-microhei.ttc")
	for _, index := range []int{0, 1} {
		f, err := Load(find("wqy-microhei.ttc", SystemDirs()), index)
		if err != nil {
			t.Fatal(err)
		}
		ttf := f.TTF()
		if got := string(ttf[:4]); got != "\x00\x01\x00\x00" {
			t.Fatalf("subfont %d: sfnt version %q, want 0x00010000", index, got)
		}
		if got := checksum(ttf); got != 0xB1B0AFBA {
			t.Errorf("subfont %d: whole-file checksum %#x, want 0xB1B0AFBA", index, got)
		}
		sf, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatalf("subfont %d: x/image/font/sfnt cannot parse the extracted font: %v", index, err)
		}
		var buf sfnt.Buffer
		g, err := sf.GlyphIndex(&buf, '证')
		if err != nil || g == 0 {
			t.Errorf("subfont %d: sfnt glyph of 证 = %d, %v; want a glyph", index, g, err)
		}
		if uint16(g) != f.GlyphIndex('证') {
			t.Errorf("subfont %d: our glyph of 证 = %d, sfnt's %d", index, f.GlyphIndex('证'), g)
		}
		renderWithGopdf(t, ttf, "电子证照 ABC 123")
	}
}

// renderWithGopdf checks that gopdf accepts the font and draws text with it.
func renderWithGopdf(t *testing.T, ttf []byte, text string) {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	pdf.AddPage()
	notFound := 0
	opt := gopdf.TtfOption{OnGlyphNotFound: func(rune) { notFound++ }}
	if err := pdf.AddTTFFontDataWithOption("f", ttf, opt); err != nil {
		t.Fatalf("gopdf rejects the font: %v", err)
	}
	if err := pdf.SetFont("f", "", 14); err != nil {
		t.Fatal(err)
	}
	if err := pdf.Cell(nil, text); err != nil {
		t.Fatalf("gopdf cannot draw with the font: %v", err)
	}
	var out bytes.Buffer
	if _, err := pdf.WriteTo(&out); err != nil {
		t.Fatalf("gopdf cannot write: %v", err)
	}
	if notFound != 0 || !bytes.HasPrefix(out.Bytes(), []byte("%PDF")) {
		t.Errorf("gopdf: %d glyphs not found, output starts %q", notFound, out.Bytes()[:8])
	}
}

func TestFallback(t *testing.T) {
	c := testChain(t)
	tests := []struct {
		r    rune
		want int // index in testNames of the font that draws it; -1 none
	}{
		{'张', 0}, {'A', 0}, {'7', 0}, {'堃', 0}, {'喆', 0}, {'赟', 0}, {'珺', 0},
		{'䶮', 2}, {'𠮷', 2}, {'\U0002A700', 3}, // Ext C: only HanaMinB
		{'\U0010FFFD', -1}, {'\uE000', -1},
	}
	for _, tt := range tests {
		t.Run(string(tt.r), func(t *testing.T) {
			i, g, ok := c.Glyph(tt.r)
			got := i
			if !ok {
				got = -1
			}
			if got != tt.want {
				t.Errorf("U+%04X drawn by font %d, want %d", tt.r, got, tt.want)
			}
			if ok && g == 0 {
				t.Errorf("U+%04X: glyph 0", tt.r)
			}
		})
	}
}

func TestRareMissingFromWqy(t *testing.T) {
	needFonts(t, "wqy-microhei.ttc", "HanaMinA.ttf", "HanaMinB.ttf")
	wqy, err := Resolve([]string{"wqy-microhei.ttc"}, SystemDirs())
	if err != nil {
		t.Fatal(err)
	}
	if got := string(wqy.Missing("李䶮吉𠮷李")); got != "䶮𠮷" {
		t.Errorf("wqy Missing = %q, want %q", got, "䶮𠮷")
	}
	hana, err := Resolve([]string{"HanaMinA.ttf", "HanaMinB.ttf"}, SystemDirs())
	if err != nil {
		t.Fatal(err)
	}
	if got := hana.Missing("䶮𠮷\n"); len(got) != 0 {
		t.Errorf("Hanazono Missing = %q, want none", string(got))
	}
	full := testChain(t)
	if got := string(full.Missing("张\U0010FFFD三\U0010FFFD")); got != "\U0010FFFD" {
		t.Errorf("chain Missing = %q, want U+10FFFD once", got)
	}
}

func TestLoadCached(t *testing.T) {
	needFonts(t, "DejaVuSans.ttf")
	p := find("DejaVuSans.ttf", SystemDirs())
	a, err1 := Load(p, 0)
	b, err2 := Load(p, 0)
	if err1 != nil || err2 != nil || a != b {
		t.Errorf("Load twice: %p %v, %p %v; want the same font", a, err1, b, err2)
	}
}

func TestResolveErrors(t *testing.T) {
	dir := t.TempDir()
	otf := filepath.Join(dir, "cff.otf")
	if err := os.WriteFile(otf, append([]byte("OTTO"), make([]byte, 60)...), 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.ttf")
	if err := os.WriteFile(junk, []byte("not a font at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, font, want string
	}{
		{"missing", "NoSuchFont.ttf", `font "NoSuchFont.ttf" not found`},
		{"cff", "cff.otf", "cff.otf: font has CFF"},
		{"junk", "junk.ttf", "junk.ttf: not a TrueType font"},
		{"bad index", "junk.ttf#x", "subfont number"},
		{"index of ttf", "junk.ttf#2", "not a collection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve([]string{tt.font}, []string{dir})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	var nf *NotFoundError
	if _, err := Resolve([]string{"NoSuchFont.ttf"}, []string{dir}); !errors.As(err, &nf) || nf.Hint() == "" {
		t.Errorf("got %v, want a *NotFoundError with a hint", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Add(append([]byte("\x00\x01\x00\x00\x00\x01"), make([]byte, 40)...))
	if p := find("DejaVuSans.ttf", SystemDirs()); p != "" {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data[:4096])
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if font, err := Parse(data, 0); err == nil {
			gids := []uint16{font.GlyphIndex('A'), uint16(font.NumGlyphs() - 1)}
			if gids[0] == 0 || gids[0] == gids[1] {
				gids = gids[1:]
			}
			font.Advance(gids[0])
			if gids[0] != 0 {
				_, _, _ = font.Subset(gids)
			}
		}
	})
}

func TestResolveOrderAndSubfont(t *testing.T) {
	needFonts(t, "wqy-microhei.ttc", "DejaVuSans.ttf")
	dir := t.TempDir()
	data, err := os.ReadFile(find("DejaVuSans.ttf", SystemDirs()))
	if err != nil {
		t.Fatal(err)
	}
	// A font of the same name in an earlier directory wins over the system's.
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(dir, "sub", "wqy-microhei.ttc")
	if err := os.WriteFile(own, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Resolve([]string{"wqy-microhei.ttc"}, append([]string{dir}, SystemDirs()...))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Font(0).Path; got != own {
		t.Errorf("resolved %s, want %s (found first, recursively)", got, own)
	}
	c, err = Resolve([]string{"wqy-microhei.ttc#1", "wqy-microhei.ttc"}, SystemDirs())
	if err != nil {
		t.Fatal(err)
	}
	if a, b := c.Font(0), c.Font(1); a.Index != 1 || b.Index != 0 || a == b {
		t.Errorf("subfonts %d and %d, want 1 and 0 as distinct fonts", a.Index, b.Index)
	}
	if _, err := Resolve([]string{"wqy-microhei.ttc#9"}, SystemDirs()); err == nil || !strings.Contains(err.Error(), "no #9") {
		t.Errorf("got %v, want an error about subfont #9", err)
	}
}
