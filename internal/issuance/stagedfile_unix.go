//go:build unix

package issuance

import (
	"os"
	"syscall"
)

// openFile opens path like os.OpenFile, without registering the descriptor
// with the runtime's poller: a regular file is never pollable, and on Linux
// os.OpenFile spends four fcntl(2) and a failed epoll_ctl(2) finding that
// out. A PDF is opened three times on its way into place (staged, synced,
// committed), so that was 15 of its 30 system calls.
func openFile(path string, flag int, perm uint32) (*os.File, error) {
	for {
		fd, err := syscall.Open(path, flag|syscall.O_CLOEXEC, perm)
		if err == nil {
			return os.NewFile(uintptr(fd), path), nil
		}
		if err != syscall.EINTR {
			return nil, &os.PathError{Op: "open", Path: path, Err: err}
		}
	}
}

// rename is os.Rename without its lstat(2) of newname: the final name of
// a PDF is never a directory, and rename(2) refuses one anyway.
func rename(oldname, newname string) error {
	for {
		err := syscall.Rename(oldname, newname)
		if err == nil {
			return nil
		}
		if err != syscall.EINTR {
			return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
		}
	}
}
