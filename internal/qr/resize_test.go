package qr

import (
	"image"
	"math/rand/v2"
	"runtime"
	"testing"

	"golang.org/x/image/draw"
)

// TestResizeMemory: scaling a large picture down or up allocates about
// what the pictures hold, not x/image/draw's float64 buffer of the output's
// width by the input's height (16 megapixels to 0.3: 150 MB; 2.25 to 2:
// 144 MB).
func TestResizeMemory(t *testing.T) {
	for _, tc := range []struct {
		side int
		f    float64
	}{{4000, 0.3}, {1500, 2}} {
		g := image.NewGray(image.Rect(0, 0, tc.side, tc.side))
		for i := range g.Pix {
			g.Pix[i] = uint8(i * 7)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		out := resize(g, tc.f)
		runtime.ReadMemStats(&after)
		want := int(float64(tc.side)*tc.f + 0.5)
		if b := out.Bounds(); b.Dx() != want || b.Dy() != want {
			t.Fatalf("resized to %v, want %d×%[2]d", b, want)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > uint64(len(g.Pix)+len(out.Pix)) {
			t.Errorf("%d² by %v: resize allocated %d bytes for pictures of %d and %d", tc.side, tc.f, n, len(g.Pix), len(out.Pix))
		}
	}
}

// TestShrink averages k×k blocks, and the part-blocks at the edges over
// the pixels they have.
func TestShrink(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 5, 3))
	copy(g.Pix, []uint8{
		0, 10, 20, 30, 255,
		40, 50, 60, 70, 255,
		1, 3, 5, 7, 100,
	})
	got := shrink(g.SubImage(image.Rect(0, 0, 5, 3)).(*image.Gray), 2)
	want := []uint8{25, 45, 255, 2, 6, 100}
	if b := got.Bounds(); b.Dx() != 3 || b.Dy() != 2 {
		t.Fatalf("bounds %v, want 3×2", b)
	}
	for i, w := range want {
		if p := got.Pix[(i/3)*got.Stride+i%3]; p != w {
			t.Errorf("pixel %d: got %d, want %d", i, p, w)
		}
	}
	sub := shrink(g.SubImage(image.Rect(1, 1, 5, 3)).(*image.Gray), 2)
	if p := sub.Pix[0]; p != (50+60+3+5+2)/4 {
		t.Errorf("a sub-image's first block: got %d, want %d", p, (50+60+3+5+2)/4)
	}
}

// TestBilinearAsDraw: bilinear scales up as x/image/draw's BiLinear does,
// to a level of rounding.
func TestBilinearAsDraw(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := image.NewGray(image.Rect(0, 0, 37, 23))
	for i := range src.Pix {
		src.Pix[i] = uint8(rng.Uint32())
	}
	for _, size := range []image.Point{{100, 61}, {38, 24}, {74, 46}, {300, 23}} {
		got, want := image.NewGray(image.Rectangle{Max: size}), image.NewGray(image.Rectangle{Max: size})
		bilinear(got, src)
		draw.BiLinear.Scale(want, want.Bounds(), src, src.Bounds(), draw.Src, nil)
		worst := 0
		for i := range got.Pix {
			worst = max(worst, abs(int(got.Pix[i])-int(want.Pix[i])))
		}
		if worst > 2 { // weights in 1/256
			t.Errorf("%v: pixels differ from draw.BiLinear's by up to %d", size, worst)
		}
	}
}

func abs(n int) int { return max(n, -n) }
