// Package inputtest makes the hostile inputs that tests of named files need.
package inputtest

import (
	"os"
	"path/filepath"
	"testing"
)

// FIFO makes a named pipe called name in a new directory, skipping the test
// where there are none.
func FIFO(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := mkfifo(p); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return p
}

// Hold opens the FIFO at p for writing (O_RDWR does not wait for a reader on
// Linux) and keeps it open, writing nothing, until the test ends: a reader
// that waits for the end of the pipe waits for ever.
func Hold(t testing.TB, p string) string {
	t.Helper()
	w, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return p
}

// Mkfifo makes a named pipe at p, or says that the system has none.
func Mkfifo(p string) error { return mkfifo(p) }
