package font

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"sync"
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

// find is the path name resolves to in dirs, as a new Fonts finds it.
func find(name string, dirs []string) string { return NewFonts().find(name, dirs) }

// TestFontsSeeNewFiles: a font file added under a directory searched
// earlier, in a subdirectory (which a directory's index lists), is found by
// the next task's Fonts; the task that looked before keeps its answer, so
// that its hash and its drawing name the same file.
func TestFontsSeeNewFiles(t *testing.T) {
	needFonts(t, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
	early, late := t.TempDir(), t.TempDir()
	put := func(dir string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, "sub", "face.ttf")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dirs := []string{early, late}
	first := NewFonts()
	want := put(late, readFile(t, find("DejaVuSans.ttf", SystemDirs())))
	if p, _, err := first.Find("face.ttf", dirs); p != want || err != nil {
		t.Fatalf("got %q, %v; want %q", p, err, want)
	}
	added := put(early, readFile(t, find("DejaVuSans-Bold.ttf", SystemDirs())))
	if p, _, _ := first.Find("face.ttf", dirs); p != want {
		t.Errorf("the task that looked before: got %q, want its first answer %q", p, want)
	}
	c, err := NewFonts().Resolve([]string{"face.ttf"}, dirs)
	if err != nil || c.Font(0).Path != added || c.Font(0).Name != "DejaVuSans-Bold" {
		t.Fatalf("the next task: got %v, %v; want DejaVuSans-Bold from %q", c, err, added)
	}
}

// TestFontsShareOneParse: tasks that read a changed font file at once share
// one parse of it, not one each (each a mapping of the font's bytes that
// nothing frees).
func TestFontsShareOneParse(t *testing.T) {
	needFonts(t, "DejaVuSans.ttf")
	sans := readFile(t, find("DejaVuSans.ttf", SystemDirs()))
	p := filepath.Join(t.TempDir(), "face.ttf")
	if err := os.WriteFile(p, append(sans, make([]byte, offHeapBytes)...), 0o644); err != nil {
		t.Fatal(err)
	}
	const tasks = 32
	got := make([]*Font, tasks)
	var wg sync.WaitGroup
	for i := range tasks {
		wg.Go(func() { got[i], _ = NewFonts().Load(p, 0) })
	}
	wg.Wait()
	for i, f := range got {
		if f == nil || f != got[0] {
			t.Fatalf("task %d: got font %p, want the one parse %p", i, f, got[0])
		}
	}
}
