package render

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"ezz/internal/catalogue"
	"ezz/internal/qr"
)

// TestQRRoundTrip draws a real QR code as vector modules, rasterises the page
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

// TestQRGrid: the modules drawn from a grid formatted once are byte for
// byte those formatted per rectangle, for every QR size, the size changing
// from one token to the next, and a ragged matrix after a square one of as
// many rows (the grid is kept by rows and columns).
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
		if want := qrPerRectangle(r, el, m); !bytes.Equal(p.c, want) {
			t.Fatalf("%d modules: drawn\n%.300s\nwant\n%.300s", n, p.c, want)
		}
	}
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
