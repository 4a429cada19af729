package agency

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/input"
	"ezz/internal/input/inputtest"
)

// TestNamedInputsOnAHeldFIFO: the other inputs agency reads by name refuse
// a FIFO whose writer never writes (ezz check's recorded files, a backup's
// manifest, a key to import, TLS files), or give up on it after
// input.PipeWait where a pipe is allowed (issue --data), naming it; none waits for ever.
func TestNamedInputsOnAHeldFIFO(t *testing.T) {
	defer func(d time.Duration) { input.PipeWait = d }(input.PipeWait)
	input.PipeWait = 300 * time.Millisecond
	fifo := inputtest.Hold(t, inputtest.FIFO(t, "held"))
	dir := filepath.Dir(fifo)
	if err := os.Rename(fifo, filepath.Join(dir, BackupManifest)); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, BackupManifest)
	tests := []struct {
		name string
		read func(string) error
		want error
	}{
		{"recorded file", func(p string) error { _, err := fileSM3(p); return err }, input.ErrNotRegular},
		{"key to import", func(p string) error { _, err := readKeyFile(p); return err }, input.ErrNotRegular},
		{"TLS CA", func(p string) error { _, err := certPool(p); return err }, input.ErrNotRegular},
		{"TLS pair", func(p string) error { _, err := keyPair(p, p, "--tls-cert", "--tls-key"); return err }, input.ErrNotRegular},
		{"issue --data", func(p string) error { _, err := ReadData(nil, p); return err }, input.ErrSlowPipe},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { done <- tt.read(manifest) }()
			select {
			case err := <-done:
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), manifest) {
					t.Errorf("got %v, want %v naming %s", err, tt.want, manifest)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("reading the %s hangs on a FIFO", tt.name)
			}
		})
	}
	t.Run("backup manifest", func(t *testing.T) {
		done := make(chan error, 1)
		go func() { _, err := readBackupManifest(dir); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, input.ErrNotRegular) {
				t.Errorf("got %v, want ErrNotRegular", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("reading a backup's manifest hangs on a FIFO")
		}
	})
}
