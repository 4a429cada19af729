package render

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"ezz/internal/catalogue"
)

// qrElement is the food-business template's QR element and its renderer.
func qrElement(t testing.TB) (*Renderer, element) {
	r, err := NewRenderer(loadTemplate(t, "food-business"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.elems {
		if e.Kind == catalogue.KindQR {
			return r, e
		}
	}
	t.Fatal("the template has no QR element")
	return nil, element{}
}

// randomModules is an n×n matrix with its corners' modules dark, as a QR
// code's finder patterns make them.
func randomModules(rng *rand.Rand, n int) [][]bool {
	m := make([][]bool, n)
	for i := range m {
		m[i] = make([]bool, n)
		for j := range m[i] {
			m[i][j] = rng.IntN(2) == 0
		}
	}
	m[0][n-1], m[n-1][0] = true, true
	return m
}

// TestDrawnQR reads back what page.qr draws, several codes on one page
// among other drawing, and nothing from a frame it did not write.
func TestDrawnQR(t *testing.T) {
	r, el := qrElement(t)
	rng := rand.New(rand.NewPCG(7, 8))
	p := r.newPage()
	var want [][][]bool
	for _, n := range []int{21, 53, 177} {
		m := randomModules(rng, n)
		p.c = append(p.c, "0.5 0.5 0.5 rg 1 2 3 4 re f\n"...)
		p.qr(el, m)
		want = append(want, m)
	}
	got := DrawnQR(p.c, 3)
	if len(got) != len(want) {
		t.Fatalf("read %d codes, want %d", len(got), len(want))
	}
	for i := range got {
		if !slices.EqualFunc(got[i], want[i], slices.Equal) {
			t.Errorf("code %d (%d modules) read back differently", i, len(want[i]))
		}
	}
	frame := string(el.qr.frame(el, 21, r.hPt))
	for _, bad := range []string{
		"0 0 1 re\n", "1 1 0 1 re\nf Q\n", "-1 0 1 1 re\nf Q\n", "0 0 178 1 re\nf Q\n", "0 177 1 1 re\nf Q\n",
		"0 0 1 2 re\nf Q\n", "0 0 1 1 re f Q\n", "00000 0 1 1 re\nf Q\n", "0 0 1 1 re\nQ\n",
	} {
		if got := DrawnQR([]byte(frame+bad), 1); len(got) != 1 || got[0] != nil {
			t.Errorf("%q: read %v, want one unreadable code", bad, got)
		}
	}
	// A module a PDF reader draws nowhere: no code a scanner sees.
	unit := strings.Fields(frame[strings.Index(frame, "0 0 0 rg ")+len("0 0 0 rg "):])[0]
	for _, u := range []string{"0.000000", "NaN", "Inf", "1e1", "0x1p1"} {
		nowhere := strings.ReplaceAll(frame, unit, u) + "0 0 1 1 re\nf Q\n"
		if got := DrawnQR([]byte(nowhere), 1); len(got) != 1 || got[0] != nil {
			t.Errorf("a module of %s: read %v, want one unreadable code", u, got)
		}
	}
	if got := DrawnQR([]byte("q 1 1 1 rg 0 0 9 9 re f 0 0 0 rg 2 0 0 2 3 4 cm\n0 0 1 1 re\nf Q\n"), 1); len(got) != 0 {
		t.Errorf("a frame with a unit that is not the same both ways: read %d codes, want none", len(got))
	}
	// A frame whose line goes on past "cm" has no runs of its own, even when
	// another "cm" line with runs follows; and frames with no such line at
	// all, page-long, are each one unreadable code, read in one pass.
	goesOn := strings.Replace(frame, " cm\n", " cm 0 0 1 1 re f 1 0 0 1 0 0 cm\n", 1) + "0 0 1 1 re\nf Q\n"
	if got := DrawnQR([]byte(goesOn), 1); len(got) != 1 || got[0] != nil {
		t.Errorf("a frame line that goes on: read %v, want one unreadable code", got)
	}
	endless := bytes.Repeat([]byte("re f 0 0 0 rg 1 0 0 -1 0 0 cm "), 4<<20/31)
	if got := DrawnQR(endless, 17); len(got) != 17 || slices.ContainsFunc(got, func(m [][]bool) bool { return m != nil }) {
		t.Errorf("4 MiB of frames that never end their line: read %d codes, want 17 unreadable", len(got))
	}
	if got := DrawnQR(p.c, 2); len(got) != 2 {
		t.Errorf("limit 2: read %d codes", len(got))
	}
}

// FuzzDrawnQR: DrawnQR never panics, and every code it returns is a square
// no larger than a QR code.
func FuzzDrawnQR(f *testing.F) {
	r, el := qrElement(f)
	p := r.newPage()
	p.qr(el, randomModules(rand.New(rand.NewPCG(1, 2)), 21))
	f.Add(p.c)
	f.Add([]byte("re f 0 0 0 rg 1 0 0 -1 0 0 cm\n0 0 1 1 re\nf Q\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		for _, m := range DrawnQR(content, 4) {
			if len(m) > maxModules {
				t.Fatalf("%d rows", len(m))
			}
			for _, row := range m {
				if len(row) != len(m) {
					t.Fatalf("a row of %d modules in a code of %d rows", len(row), len(m))
				}
			}
		}
	})
}
