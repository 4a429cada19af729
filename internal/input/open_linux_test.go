package input

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestSwapAfterTheCheck: a path swapped between the check and the open —
// for a device or a FIFO — does not reach the open; the file that was
// checked is the one read.
func TestSwapAfterTheCheck(t *testing.T) {
	tests := []struct {
		name string
		swap func(p string) error
	}{
		{"symlink to a device", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "in.pdf")
			if err := os.WriteFile(p, []byte("checked"), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := openChecked(p, func(st fs.FileInfo) error {
				if !st.Mode().IsRegular() {
					t.Errorf("checked a %v, want the regular file", st.Mode())
				}
				if err := os.Remove(p); err != nil {
					return err
				}
				return tt.swap(p)
			})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			data, err := within(t, func() ([]byte, error) { return io.ReadAll(io.LimitReader(f, 64)) })
			if err != nil || string(data) != "checked" {
				t.Fatalf("got %q, %v; want the file that was checked", data, err)
			}
		})
	}
}

// TestUnreadableFileNamesItself: a file that may not be read fails at the
// open, and the error names the file, not the descriptor it was reopened by.
func TestUnreadableFileNamesItself(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	p := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(p, []byte("x"), 0o200); err != nil {
		t.Fatal(err)
	}
	_, err := Read(p, 10)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != p || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("got %v, want a permission error naming %s", err, p)
	}
}
