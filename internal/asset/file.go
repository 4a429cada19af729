// Package asset reads the files a face template names — fonts, base images,
// seals — as hostile input: only regular files are opened (never a device,
// FIFO or socket, and without blocking on one: internal/input), every read is
// bounded, and an image's dimensions are checked from its header before
// anything is decoded. Lint and rendering read assets through it alone, so
// both refuse the same files.
package asset

import (
	"errors"
	"os"

	"ezz/internal/input"
	"ezz/internal/text"
)

// Causes of the *text.Error values this package returns (errors.Is).
var (
	ErrNotRegular = input.ErrNotRegular
	ErrTooLarge   = input.ErrTooLarge
	ErrBadImage   = errors.New("not a usable image")
)

// Open opens path for reading if it is a regular file of at most limit bytes
// (input.Open), and returns it with its size.
func Open(path string, limit int64) (*os.File, int64, error) {
	f, size, err := input.Open(path, limit)
	return f, size, hint(err)
}

// Read returns the contents of the regular file at path, at most limit bytes:
// a file that grows past the limit while it is read is refused as well.
func Read(path string, limit int64) ([]byte, error) {
	data, err := input.Read(path, limit)
	return data, hint(err)
}

// hint says what a template's asset should be when err refuses one.
func hint(err error) error {
	var e *text.Error
	if errors.Is(err, ErrNotRegular) && errors.As(err, &e) {
		e.WithHint("请指向一个字体或图片文件", "name a font or image file")
	}
	return err
}
