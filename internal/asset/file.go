// Package asset reads the files a face template names — fonts, base images,
// seals — as hostile input: only regular files are opened (never a device,
// FIFO or socket, and without blocking on one), every read is bounded, and an
// image's dimensions are checked from its header before anything is decoded.
// Lint and rendering read assets through it alone, so both refuse the same files.
package asset

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"

	"ezz/internal/text"
)

// Causes of the *text.Error values this package returns (errors.Is).
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
	ErrBadImage   = errors.New("not a usable image")
)

// Open opens path for reading if it is a regular file of at most limit bytes.
// It opens with O_NONBLOCK so that a FIFO cannot hang it, then checks the open
// file itself (fstat), so that a path swapped in between is caught too.
func Open(path string, limit int64) (*os.File, int64, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, notRegular(path, st.Mode())
	}
	if st.Size() > limit {
		f.Close()
		return nil, 0, tooLarge(path, st.Size(), limit)
	}
	return f, st.Size(), nil
}

// Read returns the contents of the regular file at path, at most limit bytes:
// a file that grows past the limit while it is read is refused as well.
func Read(path string, limit int64) ([]byte, error) {
	f, size, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readAll(make([]byte, 0, size+1), io.LimitReader(f, limit+1))
	if err != nil {
		return nil, text.Wrap(err, "读取 %s", "read %s", path)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(path, max(size, int64(len(data))), limit)
	}
	return data, nil
}

// readAll is io.ReadAll into b: given room for the size fstat reported and
// one byte more, a file is read without growing and copying the buffer
// (≈60 MB of fonts at every start), and one that grew still reads whole.
func readAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

func notRegular(path string, m fs.FileMode) error {
	e := text.Errorf("%s 不是普通文件（%s）", "%s is not a regular file (%s)", path, kind(m))
	e.Err = ErrNotRegular
	return e.WithHint("请指向一个字体或图片文件", "name a font or image file")
}

func tooLarge(path string, size, limit int64) error {
	e := text.Errorf("%s 有 %d 字节，超过 %d 字节的上限", "%s is %d bytes, over the limit of %d bytes", path, size, limit)
	e.Err = ErrTooLarge
	return e.WithHint("请确认选对了文件", "check that it is the right file")
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m.IsDir():
		return "directory"
	}
	return m.Type().String()
}
