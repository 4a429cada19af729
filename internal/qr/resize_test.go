package qr

import (
	"image"
	"runtime"
	"testing"
)

// TestResizeMemory: shrinking a large picture allocates about what the
// pictures hold, not x/image/draw's float64 buffer of the output's width by
// the input's height (16 megapixels to 0.3: 150 MB).
func TestResizeMemory(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 4000, 4000))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out := resize(g, 0.3)
	runtime.ReadMemStats(&after)
	if b := out.Bounds(); b.Dx() != 1200 || b.Dy() != 1200 {
		t.Fatalf("resized to %v, want 1200×1200", b)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > uint64(len(g.Pix)) {
		t.Errorf("resize allocated %d bytes for a %d-byte picture", n, len(g.Pix))
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
