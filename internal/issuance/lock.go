package issuance

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// One batch directory, one process: a conversion holds an exclusive lock on
// its batch's directory from before it reads what the batch has issued until
// it ends, and ezz check --repair holds it while it puts a file back there.
// Without it, a second `ezz convert` of the same register would take the
// first one's staged PDFs for leftovers of a stopped run and remove them
// while the first was about to record them, and a repair could rename or
// re-sign a staged PDF the running conversion was about to commit. The
// kernel drops the lock when the process dies, so a killed run never blocks
// its rerun.

// lockName is the lock file in a batch's directory.
const lockName = ".convert.lock"

// ErrDirBusy is LockDir's error when another process holds the lock.
var ErrDirBusy = errors.New("another ezz process is working in the batch directory")

// LockDir takes the lock of the batch directory dir (made if absent), or
// returns ErrDirBusy at once. Closing the file releases it.
func LockDir(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, ErrDirBusy
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// DirBusy reports whether another process holds the lock of dir, without
// making the directory or its lock file: a shared lock taken and dropped at
// once. (A LockDir of that very moment finds the directory busy, as it would
// during a repair: the caller retries.)
func DirBusy(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDONLY|syscall.O_NONBLOCK, 0) // a FIFO there is not waited on
	if err != nil {
		return false // no lock file: no process ever worked there
	}
	defer f.Close()
	return errors.Is(syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB), syscall.EWOULDBLOCK)
}
