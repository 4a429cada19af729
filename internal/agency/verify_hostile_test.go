package agency

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestVerifyFilesFIFO: a FIFO among the files — with no writer, as a
// hostile upload folder can hold — is reported like any file that is not a
// certificate; it does not hang the run, and the files after it are verified.
func TestVerifyFilesFIFO(t *testing.T) {
	now := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	home := filepath.Join(t.TempDir(), "home")
	if err := InitWorkspace(home, PilotConfig(), now); err != nil {
		t.Fatal(err)
	}
	a, err := Open(Options{Home: home, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "upload.pdf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	plain := filepath.Join(dir, "plain.pdf")
	if err := os.WriteFile(plain, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	names := []string{plain, fifo, plain, dir}
	type result struct {
		reports []*Report
		err     error
	}
	done := make(chan result, 1)
	go func() {
		reports, err := a.VerifyFiles(context.Background(), names, VerifyOptions{})
		done <- result{reports, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		for i, rep := range r.reports {
			if rep == nil || rep.Valid || rep.File != names[i] {
				t.Errorf("report %d: %+v, want %s not valid", i, rep, names[i])
			}
		}
	case <-time.After(10 * time.Second):
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close() // let the blocked open return
		}
		t.Fatal("ezz verify hangs on a FIFO among its files")
	}
}
