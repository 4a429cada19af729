package catalogue

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/input/inputtest"
)

const bundledFonts = "fonts: [wqy-microhei.ttc, DejaVuSans.ttf, HanaMinA.ttf, HanaMinB.ttf]"

// TestLintHostileAssets lints templates whose font or seal is a device, a FIFO,
// a decompression bomb or not what it claims: each is a finding naming the
// file, found within seconds, never a hang or an out-of-memory crash.
func TestLintHostileAssets(t *testing.T) {
	tests := []struct {
		name      string
		from, to  string
		setup     func(t *testing.T, dir string) // makes files in the template's directory
		rule      string
		inMessage string
	}{
		{"font is /dev/zero", bundledFonts, "fonts: [/dev/zero]", nil, RuleBadFont, "/dev/zero is not a regular file (character device)"},
		{"font is /dev/urandom", bundledFonts, "fonts: [/dev/urandom]", nil, RuleBadFont, "/dev/urandom is not a regular file"},
		{"font is a FIFO", bundledFonts, "fonts: [pipe.ttf]", mkfifo("pipe.ttf"), RuleBadFont, "is not a regular file (FIFO)"},
		{"seal is a FIFO", "image: assets/seal.png", "image: pipe.png", mkfifo("pipe.png"), RuleBadImage, "is not a regular file (FIFO)"},
		{"seal is a pixel bomb", "image: assets/seal.png", "image: bomb.png", write("bomb.png", bombPNG(12000, 12000)), RuleBadImage, "12000×12000 pixels, over the limit"},
		{"font is not a font", bundledFonts, "fonts: [passwd.ttf]", write("passwd.ttf", []byte("root:x:0:0:root:/root:/bin/bash\n")), RuleBadFont, "passwd.ttf: not a TrueType font file"},
	}
	l := NewLinter(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := mutated(t, tt.from, tt.to)
			if tt.setup != nil {
				tt.setup(t, filepath.Dir(path))
			}
			done := make(chan []Finding, 1)
			go func() { done <- l.File(path) }()
			var fs []Finding
			select {
			case fs = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("lint hangs")
			}
			for _, f := range fs {
				if strings.Contains(f.Message.En+f.Message.Zh, "0x726f6f74") {
					t.Errorf("finding quotes the file's bytes: %s", f.Message.En)
				}
				if f.Rule == tt.rule && strings.Contains(f.Message.En, tt.inMessage) {
					return
				}
			}
			t.Errorf("got %v, want a %s finding containing %q", fs, tt.rule, tt.inMessage)
		})
	}
}

func mkfifo(name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := inputtest.Mkfifo(filepath.Join(dir, name)); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
}

func write(name string, data []byte) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// bombPNG is the header of a w×h 16-bit RGBA PNG with no pixel data: what a
// decoder must refuse before it allocates w×h×8 bytes.
func bombPNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	chunk = binary.BigEndian.AppendUint32(chunk, h)
	chunk = append(chunk, 16, 6, 0, 0, 0)
	b.Write(binary.BigEndian.AppendUint32(nil, 13))
	b.Write(chunk)
	b.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(chunk)))
	return b.Bytes()
}
