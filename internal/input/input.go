// Package input opens the files a user names — on the command line, in a
// template, in a folder ezz is pointed at — as hostile input. Only a regular
// file is opened, never a directory, device or socket, and without blocking
// on a FIFO; the open file itself is checked (fstat), so that a path swapped
// after the check is caught too (on Linux it is not even opened:
// open_linux.go); every read is bounded in size. A FIFO or
// pipe is read only where a Rule allows it, and then for a bounded time.
// Every error names the file and says what to do, in both languages.
package input

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"ezz/internal/text"
)

// Causes of the *text.Error values this package returns (errors.Is).
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
	ErrSlowPipe   = errors.New("the pipe did not finish in time")
)

// TooLargeError is the cause of a file refused for its size: Size bytes
// (for a pipe, the bytes read when it passed Max), more than Max.
type TooLargeError struct {
	Path      string
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %d bytes, over the limit of %d", e.Path, e.Size, e.Max)
}

// Is makes a *TooLargeError match ErrTooLarge.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// flags open without blocking on a FIFO (or a device swapped in after the
// check) and without making a terminal the controlling one.
const flags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY

// Open opens path for reading if it is a regular file of at most max bytes,
// and returns it with its size. What is not a regular file is refused before
// it is opened (opening a device can act on it) and again on the open file.
func Open(path string, max int64) (*os.File, int64, error) {
	return open(path, max, false)
}

// open is Open; with pipe, a FIFO or pipe is opened too (size -1).
func open(path string, max int64, pipe bool) (*os.File, int64, error) {
	check := func(st fs.FileInfo) error { return allowed(path, st, max, pipe) }
	f, err := openChecked(path, check)
	if err != nil {
		return nil, 0, err // a *fs.PathError: text.Of has its Chinese
	}
	st, err := f.Stat()
	if err == nil {
		err = check(st)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if isPipe(st.Mode()) {
		return f, -1, nil
	}
	return f, st.Size(), nil
}

// allowed checks what st says of path against the rule.
func allowed(path string, st fs.FileInfo, max int64, pipe bool) error {
	m := st.Mode()
	switch {
	case pipe && isPipe(m):
		return nil
	case !m.IsRegular():
		return notRegular(path, m)
	case st.Size() > max:
		return tooLarge(path, st.Size(), max)
	}
	return nil
}

func isPipe(m fs.FileMode) bool { return m&fs.ModeNamedPipe != 0 }

func notRegular(path string, m fs.FileMode) *text.Error {
	e := text.Errorf("%s 不是普通文件（%s）", "%s is not a regular file (%s)", path, kind(m))
	e.Err = fmt.Errorf("%s: %w", path, ErrNotRegular)
	switch {
	case m.IsDir():
		return e.WithHint("请给出该目录中的文件", "name a file in that folder")
	case isPipe(m):
		return e.WithHint("请先把内容存成文件，再给出该文件", "save what the pipe carries to a file and name the file")
	}
	return e.WithHint("请给出一个普通文件", "name a regular file")
}

func tooLarge(path string, size, max int64) *text.Error {
	e := text.Errorf("%s 有 %d 字节，超过 %d 字节的上限", "%s is %d bytes, over the limit of %d bytes", path, size, max)
	e.Err = &TooLargeError{Path: path, Size: size, Max: max}
	return e.WithHint("请确认选对了文件", "check that it is the right file")
}

// kind names a file mode that is not a regular file's.
func kind(m fs.FileMode) text.T {
	switch {
	case isPipe(m):
		return text.T{Zh: "管道", En: "FIFO"}
	case m&fs.ModeCharDevice != 0:
		return text.T{Zh: "字符设备", En: "character device"}
	case m&fs.ModeDevice != 0:
		return text.T{Zh: "设备", En: "device"}
	case m&fs.ModeSocket != 0:
		return text.T{Zh: "套接字", En: "socket"}
	case m.IsDir():
		return text.T{Zh: "目录", En: "directory"}
	}
	return text.T{Zh: m.Type().String(), En: m.Type().String()}
}
