package conversion

import (
	"encoding/hex"
	"errors"
	"io"
	"sync/atomic"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/sheet"
)

// fileSM3 is the hex SM3 of a file's bytes; it gives up with errAbandoned
// once stop is set (nil: never).
func fileSM3(path string, stop *atomic.Bool) (string, error) {
	f, err := sheet.OpenRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sm3.New()
	var r io.Reader = f
	if stop != nil {
		r = stoppable{f, stop}
	}
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

var errAbandoned = errors.New("register hash abandoned")

// stoppable reads r until stop is set.
type stoppable struct {
	r    io.Reader
	stop *atomic.Bool
}

func (s stoppable) Read(p []byte) (int, error) {
	if s.stop.Load() {
		return 0, errAbandoned
	}
	return s.r.Read(p)
}

// RegisterSum is the SM3 of a register taken ahead of its conversion
// (HashRegister), on a goroutine of its own.
type RegisterSum struct {
	path string
	done chan struct{}
	stop atomic.Bool
	sum  string
	err  error
}

// HashRegister starts taking the SM3 of the register at path, so that it
// overlaps the template's loading and the key's unlocking; Options.Sum hands
// it to Run, which waits for it where it would have taken it, and reports a
// register it cannot read there, after the template's and the key's errors,
// as before. A caller that will not run the conversion calls Abandon.
func HashRegister(path string) *RegisterSum {
	s := &RegisterSum{path: path, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.sum, s.err = fileSM3(path, &s.stop)
	}()
	return s
}

// Abandon stops the hashing; the sum is not used after it.
func (s *RegisterSum) Abandon() { s.stop.Store(true) }

// registerSM3 is the SM3 of o.Register: the one taken ahead when it is of
// that path and was not abandoned, else taken now.
func (o *Options) registerSM3() (string, error) {
	if s := o.Sum; s != nil && s.path == o.Register {
		<-s.done
		if !errors.Is(s.err, errAbandoned) {
			return s.sum, s.err
		}
	}
	return fileSM3(o.Register, nil)
}

// hexSM3 is the hex SM3 of data.
func hexSM3(data []byte) string {
	sum := sm3.Sum(data)
	return hex.EncodeToString(sum[:])
}
