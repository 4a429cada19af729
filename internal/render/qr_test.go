package render

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ezz/internal/catalogue"
	"ezz/internal/qr"
)

// TestQRRoundTrip draws a real QR code, rasterises the page
// with poppler and decodes the code back with gozxing (qr.DecodeImage).
func TestQRRoundTrip(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	payload := "https://verify.example.gov.cn/q/EZZ1.TEST-PAYLOAD-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := r.RenderDoc(Doc{Values: tpl.Samples[0], QRPayload: payload})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "f.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(needTool(t, "pdftoppm"), "-r", "150", "-png", "-singlefile", in, filepath.Join(dir, "f")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	img, err := os.ReadFile(filepath.Join(dir, "f.png"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := qr.DecodeImage(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("decode the QR code of the rendered page: %v", err)
	}
	if got != payload {
		t.Errorf("QR code reads %q, want %q", got, payload)
	}
}

// TestQRGrid: the modules drawn in the module frame are, in page
// coordinates, the rectangles drawn with every number formatted in place
// (to the thousandth of a point), for every QR size, the size changing from
// one token to the next, and a ragged matrix after a square one of as many
// rows.
func TestQRGrid(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	r, err := NewRenderer(tpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var el element
	for _, e := range r.elems {
		if e.Kind == catalogue.KindQR {
			el = e
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for k, n := range []int{21, 25, 177, 21, 41, 41, 41, 1} {
		m := make([][]bool, n)
		for i := range m {
			m[i] = make([]bool, n)
			if n == 41 && k > 4 && i%7 == 0 { // the same rows as the square one before, more columns
				m[i] = make([]bool, n+i%3) // ragged
			}
			for j := range m[i] {
				m[i][j] = rng.IntN(2) == 0
			}
		}
		p := r.newPage()
		p.qr(el, m)
		got, want := framedRects(t, p.c), pageRects(t, qrPerRectangle(r, el, m))
		if len(got) != len(want) {
			t.Fatalf("%d modules: %d rectangles, want %d", n, len(got), len(want))
		}
		for i := range got {
			for j := range got[i] {
				if math.Abs(got[i][j]-want[i][j]) > 0.002 {
					t.Fatalf("%d modules: rectangle %d is %v, want %v", n, i, got[i], want[i])
				}
			}
		}
	}
}

// pageRects parses the rectangles of c, drawn in page coordinates, the
// white square first.
func pageRects(t *testing.T, c []byte) [][4]float64 {
	t.Helper()
	var out [][4]float64
	f := strings.Fields(string(c))
	for i, tok := range f {
		if tok == "re" {
			out = append(out, [4]float64{num(t, f[i-4]), num(t, f[i-3]), num(t, f[i-2]), num(t, f[i-1])})
		}
	}
	return out
}

// framedRects parses the rectangles of c as page.qr draws them, the white
// square in page coordinates and the modules in the frame c's cm sets, and
// returns them in page coordinates with a positive height.
func framedRects(t *testing.T, c []byte) [][4]float64 {
	t.Helper()
	f := strings.Fields(string(c))
	cm := slices.Index(f, "cm")
	if cm < 6 {
		t.Fatalf("no cm in %.200s", c)
	}
	a, d, e, ff := num(t, f[cm-6]), num(t, f[cm-3]), num(t, f[cm-2]), num(t, f[cm-1])
	if f[cm-5] != "0" || f[cm-4] != "0" || a <= 0 || d != -a {
		t.Fatalf("frame %v, want u 0 0 -u x y", f[cm-6:cm])
	}
	out := pageRects(t, []byte(strings.Join(f[:cm], " ")))
	for _, r := range pageRects(t, []byte(strings.Join(f[cm:], " "))) {
		x, y, w, h := e+a*r[0], ff+d*r[1], a*r[2], d*r[3]
		out = append(out, [4]float64{x, y + h, w, -h})
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// qrPerRectangle is the QR drawn with every number formatted in place.
func qrPerRectangle(r *Renderer, el element, m [][]bool) []byte {
	p := r.newPage()
	n := float64(len(m))
	size := el.W * mmToPt
	unit := size / (n + 8)
	x0, top := el.X*mmToPt, r.hPt-el.Y*mmToPt
	p.c = append(p.c, "q 1 1 1 rg "...)
	p.op(x0, top-size, size, size)
	p.c = append(p.c, "re f 0 0 0 rg\n"...)
	for row, line := range m {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			end := col
			for end < len(line) && line[end] {
				end++
			}
			p.op(x0+unit*float64(col+4), top-unit*float64(row+5), unit*float64(end-col), unit)
			p.c = append(p.c, "re\n"...)
			col = end
		}
	}
	return append(p.c, "f Q\n"...)
}
