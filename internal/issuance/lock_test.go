package issuance

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/input/inputtest"
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
	if err := inputtest.Mkfifo(filepath.Join(fifo, lockName)); err != nil {
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

// TestProbeNeverFailsAHolder: DirBusy looks at the lock by taking it shared
// for an instant; a LockDir of that instant must still get it (a conversion
// or a repair starting while ezz check looks used to exit 2 as busy). A
// prober looks again and again while the directory is locked and released
// 2,000 times: no LockDir may find it busy, and each probe while it is held
// must say so.
func TestProbeNeverFailsAHolder(t *testing.T) {
	dir := t.TempDir()
	l, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	stop, probes := make(chan struct{}), make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				probes <- n
				return
			default:
			}
			DirBusy(dir)
			n++
		}
	}()
	busy := 0
	for range 2000 {
		l, err := LockDir(dir)
		if errors.Is(err, ErrDirBusy) {
			busy++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if !DirBusy(dir) {
			t.Error("a held directory: not busy, want busy")
		}
		l.Close()
	}
	close(stop)
	n := <-probes
	if busy > 0 {
		t.Errorf("%d of 2,000 LockDir found the directory busy while only a probe looked (%d probes)", busy, n)
	}
	if n < 100 {
		t.Errorf("only %d probes ran beside the holders", n)
	}
}
