package issuance

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestDirBusy: a directory is busy while another holder has its lock, and not
// once it is released or when it never had one; a FIFO left in the lock
// file's place is not waited on (ezz check would hang opening it).
func TestDirBusy(t *testing.T) {
	dir := t.TempDir()
	if DirBusy(dir) {
		t.Fatal("a directory without a lock file: busy, want not")
	}
	l, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !DirBusy(dir) {
		t.Error("a held directory: not busy, want busy")
	}
	l.Close()
	if DirBusy(dir) {
		t.Error("a released directory: busy, want not")
	}

	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, lockName), 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan bool, 1)
	go func() { done <- DirBusy(fifo) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("DirBusy is waiting on a FIFO in the lock file's place")
	}
}
