package font

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"ezz/internal/text"
)

// Fonts loads the fonts of one task — a template's lint, catalogue hash and
// face — so that all of them see the same bytes: each file is read once per
// Fonts, and what the hash sums (SHA256) is what Load parsed. A long-lived
// process (the console, ezz serve) takes a new Fonts for each task, so a font
// file changed since the last task is read and parsed again, never drawn from
// an old parse, and a file added to a font directory since is found. The zero value is not usable; a nil *Fonts loads as a new one.
// A Fonts is safe for concurrent use.
type Fonts struct {
	m     sync.Map // "abs path#index" → *loadResult
	found sync.Map // name and dirs → *found
	dirs  sync.Map // dir → map[base name]path
}

// NewFonts returns an empty Fonts.
func NewFonts() *Fonts { return &Fonts{} }

type loadResult struct {
	once sync.Once
	f    *Font
	sum  [sha256.Size]byte
	err  error // the file could not be read: no sum either
	bad  error // the bytes read are not a usable font
}

// Load returns the font at path (subfont index for a collection) as this
// Fonts first read it.
func (s *Fonts) Load(path string, index int) (*Font, error) {
	lr := s.load(path, index)
	if lr.err != nil {
		return nil, lr.err
	}
	return lr.f, lr.bad
}

// Sum returns the SHA-256 of the bytes of the font file at path as this
// Fonts read it for Load(path, index) — also when they are not a usable
// font, so that a catalogue hash covers whatever the file holds.
func (s *Fonts) Sum(path string, index int) ([sha256.Size]byte, error) {
	lr := s.load(path, index)
	return lr.sum, lr.err
}

func (s *Fonts) load(path string, index int) *loadResult {
	if s == nil {
		s = NewFonts()
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	v, _ := s.m.LoadOrStore(fmt.Sprintf("%s#%d", abs, index), &loadResult{})
	lr := v.(*loadResult)
	lr.once.Do(func() { lr.read(abs, index) })
	return lr
}

// Load reads and parses the font at path: Fonts.Load of a new Fonts.
func Load(path string, index int) (*Font, error) { return NewFonts().Load(path, index) }

// parsed holds the last font parsed from each file and subfont: a file read
// again with the same bytes gives the same *Font, unparsed; with other bytes
// it is parsed again and replaces the entry. Tasks reading one file at once
// parse it one at a time, so that they share one parse (and one off-heap
// mapping) rather than each keep its own.
var parsed sync.Map // "abs path#index" → *lastParse

// lastParse is the last font parsed from a file and subfont.
type lastParse struct {
	mu sync.Mutex
	f  *Font
}

func (lr *loadResult) read(path string, index int) {
	data, release, err := readFont(path, MaxFontBytes)
	if err != nil {
		lr.err = err
		return
	}
	lr.sum = sha256.Sum256(data)
	v, _ := parsed.LoadOrStore(fmt.Sprintf("%s#%d", path, index), &lastParse{})
	last := v.(*lastParse)
	last.mu.Lock()
	defer last.mu.Unlock()
	if last.f != nil && last.f.sum == lr.sum {
		release()
		lr.f = last.f
		return
	}
	f, err := Parse(data, index)
	if err != nil || &f.data[0] != &data[0] { // a collection's subfont is a copy
		release()
	}
	if err != nil {
		lr.bad = explain(err, path)
		return
	}
	f.Path, f.sum = path, lr.sum
	last.f, lr.f = f, f
}

// explain names the font file a parse error is about.
func explain(err error, path string) error {
	if errors.Is(err, errNotTrueType) {
		return text.Wrap(err, "字体 %s", "font %s", path).WithHint("请使用 TrueType 字体（.ttf 或 .ttc）", "use a TrueType (.ttf or .ttc) font")
	}
	return text.Wrap(err, "字体 %s", "font %s", path)
}

// SHA256 is the SHA-256 of the font file's bytes the font was parsed from.
func (f *Font) SHA256() [sha256.Size]byte { return f.sum }
