package input

import (
	"errors"
	"io/fs"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// openChecked opens path with flags if what fstat says of it passes check.
// The file is first opened with O_PATH, which acts on nothing (opening a
// device can rewind a tape or arm a watchdog), and checked; only then is
// that same file opened for reading, through /proc/self/fd, so a path
// swapped after the check never reaches an open. Without /proc (or an
// fstat of O_PATH) it opens path again, and open's fstat refuses what was
// swapped in.
func openChecked(path string, check func(fs.FileInfo) error) (*os.File, error) {
	fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	held := os.NewFile(uintptr(fd), path)
	defer held.Close()
	st, err := held.Stat()
	if err != nil { // a kernel before 3.6 does not fstat an O_PATH descriptor
		return statThenOpen(path, check)
	}
	if err := check(st); err != nil {
		return nil, err
	}
	f, err := os.OpenFile("/proc/self/fd/"+strconv.Itoa(fd), flags, 0)
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.OpenFile(path, flags, 0)
	case errors.As(err, &pe):
		pe.Path = path // name the user's file, not the descriptor
	}
	return f, err
}
