package render

import (
	"bytes"
	"errors"
	"ezz/internal/testenv"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/font"
)

var chainNames = []string{"wqy-microhei.ttc", "DejaVuSans.ttf", "HanaMinA.ttf", "HanaMinB.ttf"}

// testTemplate is a small face of its own: a JPEG base image, an RGBA seal,
// fields of every formatting kind, on a 150×100 mm page.
func testTemplate(t testing.TB) *catalogue.Template {
	t.Helper()
	if _, err := font.Resolve(chainNames, font.SystemDirs()); err != nil {
		testenv.Missing(t, "fonts not installed (run scripts/install-deps.sh): %v", err)
	}
	dir := t.TempDir()
	base := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for i := range base.Pix {
		base.Pix[i] = 0xF0
	}
	writeImage(t, filepath.Join(dir, "base.jpg"), base, "jpeg")
	seal := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			if (x-32)*(x-32)+(y-32)*(y-32) < 900 {
				seal.Set(x, y, color.NRGBA{0xD4, 0x10, 0x10, 0xC0})
			}
		}
	}
	writeImage(t, filepath.Join(dir, "seal.png"), seal, "png")
	return &catalogue.Template{
		Dir:       dir,
		Catalogue: catalogue.Entry{Name: "测试证"},
		Items: []dataitem.Item{
			{ID: "name", Type: dataitem.Text}, {ID: "addr", Type: dataitem.Text},
			{ID: "date", Type: dataitem.Date}, {ID: "kind", Type: dataitem.Enum, Codes: []dataitem.Code{{Code: "01", Label: "甲类"}}},
		},
		Face: catalogue.Face{
			Page: catalogue.Page{Width: 150, Height: 100}, BaseImage: "base.jpg", Fonts: chainNames,
			Elements: []catalogue.Element{
				{Kind: "text", Text: "姓名", X: 10, Y: 10, W: 20, H: 8, Size: 12, Align: "right"},
				{Kind: "field", Field: "name", X: 40, Y: 10, W: 60, H: 8, Size: 12, MinSize: 6, Shrink: true, Color: "#102030"},
				{Kind: "field", Field: "addr", X: 10, Y: 25, W: 50, H: 20, Size: 10, MinSize: 6, Wrap: true, Shrink: true, VAlign: "top"},
				{Kind: "field", Field: "date", Format: "zh", X: 70, Y: 25, W: 50, H: 8, Size: 10},
				{Kind: "field", Field: "date", Format: "dots", X: 70, Y: 35, W: 50, H: 8, Size: 10, Align: "center"},
				{Kind: "field", Field: "kind", X: 70, Y: 45, W: 50, H: 8, Size: 10, VAlign: "bottom"},
				{Kind: "field", Field: "kind", Format: "code", X: 70, Y: 55, W: 50, H: 8, Size: 10},
				{Kind: "seal", Image: "seal.png", X: 100, Y: 60, W: 30, H: 30},
				{Kind: "qr", X: 10, Y: 60, W: 30},
			},
		},
	}
}

func writeImage(t testing.TB, path string, img image.Image, format string) {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&buf, img, nil)
	} else {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

var testValues = map[string]string{
	"name": "欧阳䶮𠮷 Zoë", "addr": "湖北省武汉市江汉区建设大道568号新世界国贸大厦1座12层1203室",
	"date": "2019-03-01", "kind": "01",
}

func TestRenderOwnTemplate(t *testing.T) {
	pdf, err := renderOnce(testTemplate(t), testValues, testQR(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, pdf)
	pdfFontsEmbedded(t, pdf, 3) // microhei's labels (in the prefix), microhei and HanaMinA for the values
	text := strings.Join(strings.Fields(pdfText(t, pdf)), "")
	for _, want := range []string{"姓名", "欧阳䶮𠮷Zoë", "湖北省武汉市", "1203室", "2019年3月1日", "2019.03.01", "甲类", "01"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q; got %s", want, text)
		}
	}
}

// pdfFontsEmbedded checks with poppler's pdffonts that pdf has n fonts, each
// embedded, subset and with a ToUnicode map.
func pdfFontsEmbedded(t *testing.T, pdf []byte, n int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(needTool(t, "pdffonts"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) != n {
		t.Errorf("pdffonts lists %d fonts, want %d:\n%s", len(lines), n, out)
	}
	for _, l := range lines {
		if f := strings.Fields(l); len(f) < 7 || !strings.Contains(f[0], "+") || f[1] != "CID" || strings.Join(f[4:7], " ") != "yes yes yes" {
			t.Errorf("pdffonts: want a CID TrueType subset, embedded, with ToUnicode; got %q", l)
		}
	}
}

// TestRareGlyphIsDrawn rasterises the face with poppler and checks that each
// rare character's box has ink, and that the three characters look different
// (a missing glyph would draw the same .notdef box for all of them).
func TestRareGlyphIsDrawn(t *testing.T) {
	tpl := testTemplate(t)
	tpl.Face.BaseImage = ""
	tpl.Face.Elements = []catalogue.Element{{Kind: "field", Field: "name", X: 50, Y: 30, W: 40, H: 40, Size: 90}}
	var seen []string
	for _, s := range []string{"䶮", "𠮷", "\U0002A700", ""} {
		pdf, err := renderOnce(tpl, map[string]string{"name": s}, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		bits, ink := inkIn(t, pdf, image.Rect(50, 30, 90, 70))
		if s == "" && ink != 0 || s != "" && ink < 50 {
			t.Errorf("%q: %d dark pixels in its box", s, ink)
		}
		for i, other := range seen {
			if other == bits && s != "" {
				t.Errorf("%q draws the same pixels as character %d", s, i)
			}
		}
		seen = append(seen, bits)
	}
}

// inkIn renders pdf at 2 pixels per mm and returns the dark pixels of r (mm)
// as a bit string, and their count.
func inkIn(t *testing.T, pdf []byte, r image.Rectangle) (string, int) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "f.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(needTool(t, "pdftoppm"), "-r", "50.8", "-gray", "-png", "-singlefile", in, filepath.Join(dir, "f")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "f.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	var bits strings.Builder
	n := 0
	for y := 2 * r.Min.Y; y < 2*r.Max.Y; y++ {
		for x := 2 * r.Min.X; x < 2*r.Max.X; x++ {
			if g := color.GrayModel.Convert(img.At(x, y)).(color.Gray); g.Y < 128 {
				n++
				bits.WriteByte('1')
			} else {
				bits.WriteByte('0')
			}
		}
	}
	return bits.String(), n
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*catalogue.Template)
		values map[string]string
		want   string
	}{
		{"unknown item", func(t *catalogue.Template) { t.Face.Elements[1].Field = "nope" }, nil, `no data item "nope"`},
		{"infinite width", func(t *catalogue.Template) { t.Face.Elements[1].W = math.Inf(1) }, nil, "out of range"},
		{"bad colour", func(t *catalogue.Template) { t.Face.Elements[1].Color = "red" }, nil, `color "red"`},
		{"missing seal", func(t *catalogue.Template) { t.Face.Elements[7].Image = "none.png" }, nil, "none.png"},
		{"bad page", func(t *catalogue.Template) { t.Face.Page = catalogue.Page{Size: "A9"} }, nil, `page size "A9"`},
		{"bad orientation", func(t *catalogue.Template) { t.Face.Page = catalogue.Page{Size: "A4", Orientation: "up"} }, nil, "orientation"},
		{"unknown font", func(t *catalogue.Template) { t.Face.Fonts = []string{"Nope.ttf"} }, nil, `font "Nope.ttf" not found`},
		{"static text undrawable", func(t *catalogue.Template) { t.Face.Elements[0].Text = "姓\U0010FFFD" }, nil, "U+10FFFD"},
		{"element fonts lack a glyph", func(t *catalogue.Template) { t.Face.Elements[1].Fonts = []string{"DejaVuSans.ttf"} },
			map[string]string{"name": "张三"}, `field "name": character "张" (U+5F20)`},
		{"does not fit", nil, map[string]string{"name": strings.Repeat("很长的名字", 20)}, `field "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := testTemplate(t)
			if tt.edit != nil {
				tt.edit(tpl)
			}
			_, err := renderOnce(tpl, tt.values, nil, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	var fe *FitError
	_, err := renderOnce(testTemplate(t), map[string]string{"name": strings.Repeat("长", 100)}, nil, Options{})
	if !errors.As(err, &fe) || fe.Hint() == "" {
		t.Errorf("got %v, want a *FitError with a hint", err)
	}
}

func TestRenderConcurrentDeterministic(t *testing.T) {
	r, err := NewRenderer(testTemplate(t), Options{Watermark: "样例"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := r.Render(testValues, testQR())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := r.Render(testValues, testQR())
			if err == nil && !bytes.Equal(got, want) {
				err = errors.New("concurrent render differs from the first")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func FuzzLoadImage(f *testing.F) {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.White, color.Black}))
	f.Add(buf.Bytes())
	buf.Reset()
	_ = png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 3, 2)))
	f.Add(buf.Bytes())
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.png")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if im, err := loadImage(path); err == nil {
			_ = im.objects(7)
		}
		pngPassThrough(data)
	})
}

func TestCheck(t *testing.T) {
	r, err := NewRenderer(testTemplate(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		values map[string]string
		want   string // "" no error
	}{
		{"good", testValues, ""},
		{"empty", nil, ""},
		{"undrawable", map[string]string{"addr": "武汉\U0010FFFD"}, `field "addr": character`},
		{"too long", map[string]string{"name": strings.Repeat("长", 100)}, `field "name"`},
		{"bad utf-8", map[string]string{"name": "\xff"}, "not valid UTF-8"},
		{"control character", map[string]string{"name": "张\x01三"}, "control character U+0001"},
		{"tab and CRLF are fine", map[string]string{"addr": "武汉\t江汉\r\n建设大道"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := r.Check(tt.values)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
