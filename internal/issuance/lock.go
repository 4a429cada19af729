package issuance

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// One batch directory, one process: a conversion holds an exclusive lock on
// its batch's directory from before it reads what the batch has issued until
// it ends, and ezz check --repair holds it while it puts a file back there.
// Without it, a second `ezz convert` of the same register would take the
// first one's staged PDFs for leftovers of a stopped run and remove them
// while the first was about to record them, and a repair could rename or
// re-sign a staged PDF the running conversion was about to commit. The
// system drops the lock when the process dies, so a killed run never blocks
// its rerun. The lock is flock(2) where there is one and LockFileEx on
// Windows (lock_flock.go, lock_windows.go).
//
// Whoever tries the lock holds a second one first, the gate: a would-be
// holder exclusively, a probe (DirBusy) shared, each only for the try. So a
// probe, which must take the lock for an instant to see whether it is held,
// never takes it in the instant a holder tries it, and cannot make that
// holder find the directory busy. Older builds take no gate: their probes
// can still collide with a holder, and a probe sees their holders as ever.

// lockName is the lock file in a batch's directory; gateName is the gate's.
const (
	lockName = ".convert.lock"
	gateName = ".convert.gate"
)

// gateWait bounds the wait for the gate: others hold it for the two system
// calls of a try.
const gateWait = 2 * time.Second

// ErrDirBusy is LockDir's error when another process holds the lock.
var ErrDirBusy = errors.New("another ezz process is working in the batch directory")

// LockDir takes the lock of the batch directory dir (made if absent), or
// returns ErrDirBusy at once when another holder has it. Closing the file
// releases it.
func LockDir(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	gate, err := os.OpenFile(filepath.Join(dir, gateName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	defer gate.Close()
	if err := waitLock(gate, true); err != nil {
		return nil, err
	}
	defer unlock(gate)
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(f, true)
	if err == nil && !ok {
		err = ErrDirBusy
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// DirBusy reports whether another process holds the lock of dir, without
// making the directory or its lock file: a shared lock taken and dropped at
// once, behind the gate (shared too), so that a LockDir of that very moment
// still gets the lock.
func DirBusy(dir string) bool {
	f, err := openNoWait(filepath.Join(dir, lockName))
	if err != nil {
		return false // no lock file: no process ever worked there
	}
	defer f.Close()
	gate, err := probeGate(dir)
	if errors.Is(err, ErrDirBusy) {
		return true // a gate held past gateWait: someone is at work there
	}
	if err == nil {
		defer gate.Close()
		defer unlock(gate)
	}
	ok, err := tryLock(f, false)
	if ok {
		unlock(f)
	}
	return err == nil && !ok
}

// probeGate opens dir's gate, making it beside a lock file an older build
// made, and holds it shared. Without one (a directory the prober may not
// write in) it returns another error, and the probe goes on without.
func probeGate(dir string) (*os.File, error) {
	p := filepath.Join(dir, gateName)
	gate, err := openNoWait(p)
	if errors.Is(err, fs.ErrNotExist) {
		gate, err = os.OpenFile(p, os.O_RDONLY|os.O_CREATE|syscall.O_NONBLOCK, 0o644)
	}
	if err != nil {
		return nil, err
	}
	if err := waitLock(gate, false); err != nil {
		gate.Close()
		return nil, err
	}
	return gate, nil
}

// openNoWait opens p for reading, never waiting on a FIFO there.
func openNoWait(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// waitLock takes f's lock, polling while another has it, for up to gateWait;
// then it returns ErrDirBusy.
func waitLock(f *os.File, exclusive bool) error {
	give := time.Now().Add(gateWait)
	for {
		ok, err := tryLock(f, exclusive)
		switch {
		case err != nil:
			return err
		case ok:
			return nil
		case time.Now().After(give):
			return ErrDirBusy
		}
		time.Sleep(time.Millisecond)
	}
}
