package issuance

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Nothing is signed before it is owned: a signed PDF whose serial the ledger
// does not list yet must never pass for a certificate. So a PDF is staged —
// written next to its final name as <name>.<random>.tmp, fsynced, with its
// first bytes "%PDF-" replaced by "%TMP-" — and committed only once the
// ledger has recorded it: the header is restored in place and the file
// renamed to its final name. The header lies inside the signed byte range,
// so a staged file fails every signature check (and is no PDF to ezz
// verify) even when someone renames it; a stopped run leaves only such
// files, which its rerun commits or removes (RecoverStaged).

var (
	pdfHeader    = []byte("%PDF-")
	stagedHeader = []byte("%TMP-")
)

// stagedSuffix ends the name of every staged file.
const stagedSuffix = ".tmp"

// Staged is a PDF written under a temporary name, not yet committed.
type Staged struct {
	Tmp, Final string // both "" when there is no PDF
}

// Stage writes the certificate's signed PDF as a staged file in dir and
// fsyncs it before closing it. c.PDF must not be read while it runs.
func (c *Certificate) Stage(dir string) (Staged, error) { return c.stage(dir, true) }

// StageUnsynced writes the staged file like Stage without the fsync: a
// conversion fsyncs it on another goroutine (Sync) before it commits it.
// It gives c.PDF up: c.PDF is nil after it, and once the file is written
// its bytes go back to the renderer that drew them (Recycler), which draws
// later certificates into them. Nothing may keep a reference to c.PDF.
func (c *Certificate) StageUnsynced(dir string) (Staged, error) {
	s, err := c.stage(dir, false)
	if err == nil && c.recycler != nil {
		c.recycler.Recycle(c.PDF)
	}
	c.PDF = nil
	return s, err
}

func (c *Certificate) stage(dir string, durable bool) (Staged, error) {
	if c.PDF == nil {
		return Staged{}, nil
	}
	if !bytes.HasPrefix(c.PDF, pdfHeader) {
		return Staged{}, fmt.Errorf("PDF of %s has no %%PDF- header", c.ID)
	}
	name := PDFName(c.ID)
	f, err := createStaged(filepath.Join(dir, name))
	if err != nil {
		return Staged{}, err
	}
	// One write: the staged header is put in c.PDF's place while it is
	// written, so nothing may read c.PDF meanwhile.
	copy(c.PDF, stagedHeader)
	_, err = f.Write(c.PDF)
	copy(c.PDF, pdfHeader)
	if err == nil && durable {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return Staged{}, fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return Staged{Tmp: f.Name(), Final: filepath.Join(dir, name)}, nil
}

// stagedRand draws the random part of a staged file's name.
var stagedRand = rand.Uint32

// createStaged creates a new staged file for the final path, named as
// os.CreateTemp(dir, name+".*.tmp") names it: final, a dot, a random
// number, stagedSuffix; another number when that name is taken.
func createStaged(final string) (*os.File, error) {
	for try := 0; ; try++ {
		tmp := final + "." + strconv.FormatUint(uint64(stagedRand()), 10) + stagedSuffix
		f, err := openFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if !os.IsExist(err) || try == 10000 {
			return f, err
		}
	}
}

// Sync makes the staged file's bytes durable (fsync). Its name becomes
// durable with SyncDirs.
func (s Staged) Sync() error {
	if s.Tmp == "" {
		return nil
	}
	f, err := openFile(s.Tmp, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", s.Tmp, err)
	}
	return nil
}

// Each calls do on every file, workers at a time, and returns the first
// failure in the files' order.
func Each(files []Staged, workers int, do func(Staged) error) error {
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = do(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return firstErr(errs)
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Commit restores the PDF header, fsyncs the file and renames it to its
// final name. Call it only after the ledger committed the certificate, and
// SyncDirs after it.
func (s Staged) Commit() error {
	if s.Tmp == "" {
		return nil
	}
	f, err := openFile(s.Tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	// The header goes back and is made durable before the name changes: a
	// power cut must never leave the final name holding a staged header (a
	// rename can reach the disk before an overwritten block does), which no
	// rerun would recognise. A staged name with a PDF header is a certificate
	// the ledger recorded; a rerun commits it (RecoverStaged).
	_, err = f.WriteAt(pdfHeader, 0)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = rename(s.Tmp, s.Final)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("commit %s: %w", s.Tmp, err)
	}
	return nil
}

// Discard removes a staged file that will not be committed.
func (s Staged) Discard() {
	if s.Tmp != "" {
		os.Remove(s.Tmp)
	}
}

// RecoverStaged finishes what a stopped run left in dir: a staged file whose
// final name the ledger records (recorded gives the SM3 it recorded for it),
// that is not in place yet and that holds exactly those bytes is committed;
// every other staged file is removed. A file with a staged name that is not
// ezz's (isStaged: no staged header; a FIFO) is left where it is. A stopped run can leave several staged
// files under one final name — one made for a serial before another process
// took it, beside the one the ledger recorded with that serial —, so the
// name alone never decides. It returns how many of each.
func RecoverStaged(dir string, recorded func(final string) (sm3 string, ok bool, err error)) (committed, removed int, err error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.pdf.*"+stagedSuffix))
	if err != nil {
		return 0, 0, err
	}
	for _, p := range paths {
		if !isStaged(p) {
			continue // not ezz's: left to whoever put it there (ezz check names it)
		}
		base := filepath.Base(p)
		final := filepath.Join(dir, base[:strings.Index(base, ".pdf.")+len(".pdf")])
		mine := false
		if _, err := os.Stat(final); err != nil {
			if mine, err = isRecorded(p, final, recorded); err != nil {
				return committed, removed, err
			}
		}
		if mine {
			if err := (Staged{Tmp: p, Final: final}).Commit(); err != nil {
				return committed, removed, err
			}
			committed++
			continue
		}
		if err := os.Remove(p); err != nil {
			return committed, removed, err
		}
		removed++
	}
	if committed > 0 {
		err = SyncDirs(dir)
	}
	return committed, removed, err
}

// isRecorded reports whether the staged file p holds the bytes the ledger
// recorded under final.
func isRecorded(p, final string, recorded func(string) (string, bool, error)) (bool, error) {
	want, ok, err := recorded(final)
	if !ok || err != nil {
		return false, err
	}
	got, err := StagedSM3(p)
	return err == nil && got == want, nil
}

// ClearStaged finishes or removes the one staged file at p that a stopped
// run left, for ezz check --repair in a folder that may hold other files too
// (one given to --out): only a file named as Stage names them
// (SERIAL.pdf.DIGITS.tmp) that holds ezz's staged header, or nothing, is
// touched. Like RecoverStaged, it commits the file when the ledger records
// exactly its bytes under its final name and that name is free, and removes
// it otherwise. It reports whether it touched the file.
func ClearStaged(p string, recorded func(final string) (sm3 string, ok bool, err error)) (bool, error) {
	stem, ok := stagedStem(filepath.Base(p))
	if !ok || !hasStagedHeader(p) {
		return false, nil
	}
	final := filepath.Join(filepath.Dir(p), stem+".pdf")
	if _, err := os.Lstat(final); os.IsNotExist(err) {
		mine, err := isRecorded(p, final, recorded)
		if err != nil {
			return false, err
		}
		if mine {
			if err := (Staged{Tmp: p, Final: final}).Commit(); err != nil {
				return false, err
			}
			return true, SyncDirs(filepath.Dir(p))
		}
	}
	return true, os.Remove(p)
}

// IsStagedName reports whether name is one Stage gives a staged file:
// SERIAL.pdf.DIGITS.tmp.
func IsStagedName(name string) bool {
	_, ok := stagedStem(name)
	return ok
}

// stagedStem is the final name's stem of a staged file's name.
func stagedStem(name string) (string, bool) {
	if !strings.HasSuffix(name, stagedSuffix) {
		return "", false
	}
	stem, rnd, ok := strings.Cut(strings.TrimSuffix(name, stagedSuffix), ".pdf.")
	ok = ok && stem != "" && rnd != "" && strings.Trim(rnd, "0123456789") == "" &&
		strings.Trim(stem, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == ""
	return stem, ok
}
