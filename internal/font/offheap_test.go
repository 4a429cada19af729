//go:build linux

package font

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"ezz/internal/input/inputtest"
)

// TestLargeFontOutsideHeap: a font of offHeapBytes or more is loaded outside
// the Go heap, and draws exactly as the same bytes parsed in the heap.
func TestLargeFontOutsideHeap(t *testing.T) {
	needFonts(t, "DejaVuSans.ttf")
	data, err := os.ReadFile(find("DejaVuSans.ttf", SystemDirs()))
	if err != nil {
		t.Fatal(err)
	}
	padded := append(data, make([]byte, 4<<20)...) // trailing bytes no table uses: over offHeapBytes
	p := filepath.Join(t.TempDir(), "large.ttf")
	if err := os.WriteFile(p, padded, 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	big, err := Load(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > int64(len(padded))/4 {
		t.Errorf("the heap grew by %d bytes loading a %d-byte font, want the font outside it", grew, len(padded))
	}
	heap, err := Parse(padded, 0)
	if err != nil {
		t.Fatal(err)
	}
	gids := []uint16{big.GlyphIndex('A'), big.GlyphIndex('g'), big.GlyphIndex('&')}
	got, _, err1 := big.Subset(gids)
	want, _, err2 := heap.Subset(gids)
	if err1 != nil || err2 != nil || !bytes.Equal(got, want) || !bytes.Equal(big.TTF(), padded) {
		t.Errorf("the font outside the heap differs from the same bytes in it (%v, %v)", err1, err2)
	}
	runtime.KeepAlive(big)
}

// TestReadFontSmall: a font under offHeapBytes is read whole (into the heap),
// and a missing one is an error.
func TestReadFontSmall(t *testing.T) {
	needFonts(t, "DejaVuSans.ttf")
	data, err := os.ReadFile(find("DejaVuSans.ttf", SystemDirs()))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "small.ttf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, release, err := readFont(p, MaxFontBytes)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("a small font: %d bytes, %v; want its %d bytes", len(got), err, len(data))
	}
	release()
	if _, _, err := readFont(filepath.Join(t.TempDir(), "missing.ttf"), MaxFontBytes); err == nil {
		t.Error("a missing font read without an error")
	}
}

// TestReadFontNotRegular: a FIFO, a directory or a device named as a font is
// refused before anything is mapped or read (a FIFO without blocking).
func TestReadFontNotRegular(t *testing.T) {
	d := t.TempDir()
	fifo := filepath.Join(d, "fifo.ttf")
	if err := inputtest.Mkfifo(fifo); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, d, "/dev/zero"} {
		if data, _, err := readFont(p, MaxFontBytes); err == nil {
			t.Errorf("%s: read %d bytes, want it refused", p, len(data))
		}
	}
}
