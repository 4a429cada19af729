package conversion

import (
	"bufio"
	"context"
	"io"
	"os"

	"ezz/internal/ledger"
)

// The manifest lists a batch's certificates in identifier order (manifest.go).
// Reading them back from the ledger at the close costs a query over the batch,
// a sort and a second read and SM3 of every signed record. So the committer
// writes each entry to an entry log as its group commits, and the close copies
// the log instead — when the log is exactly what the ledger would give: this
// run issued every certificate of the batch (no earlier run issued any), in
// identifier order (one office, serials of one width: the usual register), and
// no file was repaired meanwhile (the manifest carries a repaired file's SM3).
// Any other batch is read from the ledger as before; both give the same bytes
// (TestManifestFromLog).

// entryLog holds this run's manifest entries, comma-separated, in a temporary
// file removed at once where the system allows.
type entryLog struct {
	f      *os.File
	remove string // the file's name where it could not be removed at once
	w      *bufio.Writer
	last   string // the identifier of the last entry
	n      int    // entries written
	since  int64  // the ledger's last event when the run started
	off    bool   // the log is not the batch's whole manifest: read the ledger
}

// newEntryLog starts the log of a run whose batch already has the rows done;
// it is nil when an earlier run issued some, which only the ledger has.
func newEntryLog(ctx context.Context, l *ledger.Ledger, done map[string]ledger.Row) (*entryLog, error) {
	for _, r := range done {
		if r.Identifier != "" {
			return nil, nil
		}
	}
	since, err := l.LastEventSeq(ctx)
	if err != nil {
		return nil, err
	}
	return &entryLog{since: since}, nil
}

// add writes the entries of a committed group; recordSM3[i] is the SM3 of
// is[i].Record. A failure only turns the log off.
func (e *entryLog) add(c *conv, is []ledger.Issuance, recordSM3 []string) {
	if e == nil || e.off {
		return
	}
	if e.f == nil && !e.open() {
		return
	}
	for i := range is {
		if e.n > 0 && is[i].Identifier <= e.last {
			e.off = true // not in identifier order: the ledger sorts them
			return
		}
		if e.n > 0 {
			e.w.WriteByte(',')
		}
		if writeEntry(e.w, c.entryOf(is[i].Identifier, is[i].PDFPath, is[i].PDFSM3, recordSM3[i])) != nil {
			e.off = true
			return
		}
		e.last = is[i].Identifier
		e.n++
	}
}

func (e *entryLog) open() bool {
	f, err := os.CreateTemp("", "ezz-manifest-*")
	if err != nil {
		e.off = true
		return false
	}
	if os.Remove(f.Name()) != nil {
		e.remove = f.Name()
	}
	e.f, e.w = f, bufio.NewWriterSize(f, 64<<10)
	return true
}

// copyTo writes the log's entries to w and reports whether it could: false
// means w has nothing from the log and the ledger must give the entries.
// issued is how many certificates the batch issued in all.
func (e *entryLog) copyTo(ctx context.Context, l *ledger.Ledger, w io.Writer, issued int) (bool, error) {
	if e == nil || e.off || e.n != issued {
		return false, nil
	}
	if repaired, err := l.RepairedSince(ctx, e.since); err != nil || repaired {
		return false, err
	}
	if e.n == 0 {
		return true, nil
	}
	if err := e.w.Flush(); err != nil {
		return false, nil
	}
	if _, err := e.f.Seek(0, io.SeekStart); err != nil {
		return false, nil
	}
	_, err := io.Copy(w, e.f)
	return true, err
}

// close removes the log.
func (e *entryLog) close() {
	if e == nil || e.f == nil {
		return
	}
	e.f.Close()
	if e.remove != "" {
		os.Remove(e.remove)
	}
}
