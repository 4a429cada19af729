package font

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestFontsSeeEveryChange: a long-lived process takes a new Fonts for each
// task. One Fonts keeps what it read; the next one reads the file again and
// draws (and sums) the bytes it holds now, whatever the change keeps — size
// class, modification time, path — and even when they are no usable font.
func TestFontsSeeEveryChange(t *testing.T) {
	needFonts(t, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
	sans := readFile(t, find("DejaVuSans.ttf", SystemDirs()))
	bold := readFile(t, find("DejaVuSans-Bold.ttf", SystemDirs()))
	broken := append([]byte{sans[0] ^ 1}, sans[1:]...)
	big := append(append([]byte(nil), bold...), make([]byte, offHeapBytes)...) // read outside the heap
	p := filepath.Join(t.TempDir(), "face.ttf")
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func(data []byte) {
		t.Helper()
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	write(sans)
	first := NewFonts()
	old, err := first.Load(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want string // want: the PostScript name drawn, "" for a refusal
		data       []byte
	}{
		{"another font, same mtime", "DejaVuSans-Bold", bold},
		{"back to the first bytes", "DejaVuSans", sans},
		{"the first byte changed", "", broken},
		{"another font, past offHeapBytes", "DejaVuSans-Bold", big},
		{"one bit in its tail", "DejaVuSans-Bold", append(big[:len(big)-1:len(big)-1], 1)},
	}
	var last *Font
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(tt.data)
			if again, err := first.Load(p, 0); again != old || err != nil {
				t.Fatalf("the first task's Fonts: got %p, %v; want what it read, %p", again, err, old)
			}
			fonts := NewFonts()
			f, err := fonts.Load(p, 0)
			sum, sumErr := fonts.Sum(p, 0)
			if want := sha256.Sum256(tt.data); sum != want || sumErr != nil {
				t.Fatalf("Sum: got %x, %v; want the SHA-256 of the bytes now, %x", sum, sumErr, want)
			}
			if tt.want == "" {
				if err == nil {
					t.Fatalf("got %s from bytes that are no font, want an error", f.Name)
				}
				return
			}
			if err != nil || f.Name != tt.want || f.SHA256() != sum || f == last {
				t.Fatalf("got %v (%v, sum %x), want a new %s parsed from the bytes summed", f, err, f.SHA256(), tt.want)
			}
			if same, _ := NewFonts().Load(p, 0); same != f {
				t.Errorf("the same bytes read again: got another font, want the one parsed")
			}
			last = f
		})
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
