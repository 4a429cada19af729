package input

import (
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"ezz/internal/text"
)

// Rule says how one kind of input is read.
type Rule struct {
	Max int64 // the most bytes read
	// Pipe, when not zero, lets the input be a FIFO or pipe (ezz verify
	// <(curl …), --passphrase-file <(pass show …)): it is read for at most
	// this long, from the writers it has when it is opened (a FIFO nobody
	// has opened for writing reads as empty). Zero refuses it.
	Pipe time.Duration
}

// Read returns the contents of the regular file at path, at most max bytes:
// a file that grows past max while it is read is refused as well.
func Read(path string, max int64) ([]byte, error) { return Rule{Max: max}.Read(path) }

// Read returns the contents of path as r allows.
func (r Rule) Read(path string) ([]byte, error) { return r.Append(nil, path) }

// Append appends the contents of path, as r allows, to dst[:0] and returns
// it: a caller that reads many files reuses one buffer.
func (r Rule) Append(dst []byte, path string) ([]byte, error) {
	f, size, err := open(path, r.Max, r.Pipe > 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size < 0 {
		return r.pipe(dst[:0], f, path)
	}
	data, err := readAll(grow(dst[:0], size+1), io.LimitReader(f, r.Max+1))
	if err != nil {
		return nil, text.Wrap(err, "读取 %s", "read %s", path)
	}
	if int64(len(data)) > r.Max {
		return nil, tooLarge(path, max(size, int64(len(data))), r.Max)
	}
	return data, nil
}

// pipe reads the FIFO or pipe f for at most r.Pipe.
func (r Rule) pipe(dst []byte, f *os.File, path string) ([]byte, error) {
	if err := f.SetReadDeadline(time.Now().Add(r.Pipe)); err != nil {
		return nil, text.Wrap(err, "读取 %s", "read %s", path) // not pollable: never read without a bound
	}
	data, err := readAll(dst, io.LimitReader(f, r.Max+1))
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		e := text.Errorf("%s：管道在 %s 内没有传完", "%s: the pipe did not finish within %s", path, r.Pipe)
		e.Err = ErrSlowPipe
		return nil, e.WithHint("请先把内容存成文件，再给出该文件", "save what the pipe carries to a file and name the file")
	case err != nil:
		return nil, text.Wrap(err, "读取 %s", "read %s", path)
	case int64(len(data)) > r.Max:
		e := text.Errorf("%s：管道传来的内容超过 %d 字节的上限", "%s: the pipe carries more than the limit of %d bytes", path, r.Max)
		e.Err = &TooLargeError{Path: path, Size: int64(len(data)), Max: r.Max}
		return nil, e.WithHint("请确认选对了输入", "check that it is the right input")
	}
	return data, nil
}

// grow returns b with room for n bytes. A buffer being reused (one with a
// capacity) that is too small is replaced with a quarter more room, so that
// a run over files of about one size settles on one buffer.
func grow(b []byte, n int64) []byte {
	switch {
	case int64(cap(b)) >= n:
		return b
	case cap(b) > 0:
		n += n / 4
	}
	return make([]byte, 0, n)
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

// PipeWait is the time bound of the inputs that may be a pipe: long enough
// for a helper that asks for a PIN before it writes a passphrase, short
// enough that a silent writer does not look like a hung ezz. A test binary
// takes EZZ_TEST_PIPE_WAIT (a Go duration) instead, as EZZ_TEST_NOW.
var PipeWait = pipeWait()

func pipeWait() time.Duration {
	if testing.Testing() {
		if d, err := time.ParseDuration(os.Getenv("EZZ_TEST_PIPE_WAIT")); err == nil && d > 0 {
			return d
		}
	}
	return 30 * time.Second
}

// Pipe is a Rule of at most max bytes that lets the input be a pipe, read
// for at most PipeWait.
func Pipe(max int64) Rule { return Rule{Max: max, Pipe: PipeWait} }
