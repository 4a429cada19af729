package conversion

import (
	"encoding/hex"
	"errors"
	"io"
	"math"
	"os"
	"sync"
	"sync/atomic"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/sheet"
)

// openHashed opens the register at path and takes the hex SM3 of its bytes,
// giving up with errAbandoned once stop is set (nil: never). The file stays
// open, at offset 0, for the rows to be read from it: the batch records the
// SM3 of the very file it converts, even when the clerk's spreadsheet program
// saves over the name meanwhile (a new file renamed into place).
func openHashed(path string, stop *atomic.Bool) (*os.File, string, error) {
	f, err := sheet.OpenRegular(path)
	if err != nil {
		return nil, "", err
	}
	h := sm3.New()
	var r io.Reader = io.NewSectionReader(f, 0, math.MaxInt64)
	if stop != nil {
		r = stoppable{r, stop}
	}
	if _, err := io.Copy(h, r); err != nil {
		f.Close()
		return nil, "", err
	}
	return f, hex.EncodeToString(h.Sum(nil)), nil
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

// RegisterSum is a register opened and hashed ahead of its conversion
// (HashRegister), on a goroutine of its own.
type RegisterSum struct {
	path string
	done chan struct{}
	stop atomic.Bool
	f    *os.File // open until taken by Run or closed by Abandon
	sum  string
	err  error
	once sync.Once // the file goes to one of take and Abandon
}

// HashRegister starts opening the register at path and taking its SM3, so
// that it overlaps the template's loading and the key's unlocking;
// Options.Sum hands it to Run, which waits for it where it would have taken
// it, reads the rows from that same file, and reports a register it cannot
// read there, after the template's and the key's errors, as before. A caller
// that will not run the conversion calls Abandon; calling it after Run is
// harmless.
func HashRegister(path string) *RegisterSum {
	s := &RegisterSum{path: path, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		s.f, s.sum, s.err = openHashed(path, &s.stop)
	}()
	return s
}

// Abandon stops the hashing and closes the file, unless Run has taken it.
func (s *RegisterSum) Abandon() {
	s.stop.Store(true)
	s.once.Do(func() {
		<-s.done
		if s.f != nil {
			s.f.Close()
		}
	})
}

// take waits for the file and its sum; ok is false once Abandon has them.
func (s *RegisterSum) take() (f *os.File, sum string, err error, ok bool) {
	<-s.done
	s.once.Do(func() { ok = true })
	if !ok {
		return nil, "", nil, false
	}
	return s.f, s.sum, s.err, true
}

// openRegister is o.Register opened and its SM3: the one taken ahead when it
// is of that path and was not abandoned, else taken now. The caller owns f.
func (o *Options) openRegister() (*os.File, string, error) {
	if s := o.Sum; s != nil && s.path == o.Register {
		f, sum, err, ok := s.take()
		if ok && !errors.Is(err, errAbandoned) {
			return f, sum, err
		}
		if f != nil {
			f.Close()
		}
	}
	return openHashed(o.Register, nil)
}

// hexSM3 is the hex SM3 of data.
func hexSM3(data []byte) string {
	sum := sm3.Sum(data)
	return hex.EncodeToString(sum[:])
}
