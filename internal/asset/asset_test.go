package asset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/input/inputtest"
)

// fifo makes a named pipe nobody writes to: reading it would block forever.
func fifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "seal.png")
	if err := inputtest.Mkfifo(p); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return p
}

func TestReadRefusesWhatIsNotARegularFile(t *testing.T) {
	tests := []struct{ name, path string }{
		{"zero device", "/dev/zero"},
		{"random device", "/dev/urandom"},
		{"fifo", fifo(t)},
		{"directory", t.TempDir()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { _, err := Read(tt.path, 1<<20); done <- err }()
			select {
			case err := <-done:
				if !errors.Is(err, ErrNotRegular) {
					t.Fatalf("got %v, want ErrNotRegular", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Read blocked")
			}
		})
	}
}

func TestReadLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.ttf")
	if err := os.WriteFile(p, make([]byte, 1001), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(p, 1000); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("1001 bytes, limit 1000: got %v, want ErrTooLarge", err)
	}
	if data, err := Read(p, 1001); err != nil || len(data) != 1001 {
		t.Fatalf("1001 bytes, limit 1001: got %d bytes, %v", len(data), err)
	}
}

// pngHeader is a PNG of w×h pixels of 16-bit RGBA that ends after its IHDR
// chunk: its header promises a huge image, its body holds nothing.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 16, 6
	chunk := append([]byte("IHDR"), ihdr...)
	_ = binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestReadImageChecksPixelsFromTheHeader(t *testing.T) {
	tests := []struct {
		name   string
		w, h   uint32
		wantOK bool
	}{
		{"12000x12000 16-bit", 12000, 12000, false},
		{"one row too many", 4000, 5001, false},
		{"at the limit", 4000, 5000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "big.png")
			if err := os.WriteFile(p, pngHeader(tt.w, tt.h), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadImage(p)
			if tt.wantOK && err != nil {
				t.Fatalf("got %v, want the header accepted", err)
			}
			if !tt.wantOK && !errors.Is(err, ErrBadImage) {
				t.Fatalf("got %v, want ErrBadImage", err)
			}
		})
	}
}

func TestReadImageNotAnImage(t *testing.T) {
	p := filepath.Join(t.TempDir(), "seal.png")
	if err := os.WriteFile(p, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadImage(p)
	if !errors.Is(err, ErrBadImage) || !bytes.Contains([]byte(err.Error()), []byte(p)) {
		t.Fatalf("got %v, want ErrBadImage naming %s", err, p)
	}
}
