package conversion

import (
	"bufio"
	"context"
	"io"
	"os"
	"slices"
	"strings"

	"ezz/internal/ledger"
)

// The manifest lists a batch's certificates in identifier order (manifest.go).
// Reading them back from the ledger at the close costs a query over the batch,
// a sort and a second read and SM3 of every signed record. So the committer
// writes each entry to an entry log as its group commits, and the close copies
// the log instead — when the log is exactly what the ledger would give: this
// run issued every certificate of the batch (no earlier run issued any), and
// no file was repaired meanwhile (the manifest carries a repaired file's SM3).
//
// Identifiers sort by type code and issuing office, then by serial. A run's
// serials grow in commit order, so the log keeps one run file per office
// (maxRuns at most), each in identifier order as long as the serials keep one
// width, and the close writes the runs in the order of their offices. Any
// other batch is read from the ledger as before; both give the same bytes
// (TestEntryLog, and checkEntries in every conversion test).

// maxRuns bounds the run files a log keeps open: a register of more offices
// is read from the ledger.
const maxRuns = 16

// entryLog holds this run's manifest entries, one run file per identifier
// prefix (type code and office).
type entryLog struct {
	runs  map[string]*entryRun // by prefix
	dots  int                  // the dots of every prefix
	n     int                  // entries written
	since int64                // the ledger's last event when the run started
	off   bool                 // the log is not the batch's whole manifest: read the ledger
}

// entryRun is the entries of one prefix, comma-separated, in a temporary file
// removed at once where the system allows.
type entryRun struct {
	f      *os.File
	remove string // the file's name where it could not be removed at once
	w      *bufio.Writer
	last   string // the identifier of the last entry
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
	return &entryLog{runs: map[string]*entryRun{}, since: since}, nil
}

// add writes the entries of a committed group; recordSM3[i] is the SM3 of
// is[i].Record. A failure only turns the log off.
func (e *entryLog) add(c *conv, is []ledger.Issuance, recordSM3 []string) {
	if e == nil || e.off {
		return
	}
	for i := range is {
		r := e.run(prefixOf(is[i].Identifier))
		if r == nil || r.last != "" && is[i].Identifier <= r.last {
			e.off = true // not in identifier order: the ledger sorts them
			return
		}
		if r.last != "" {
			r.w.WriteByte(',')
		}
		if writeEntry(r.w, c.entryOf(is[i].Identifier, is[i].PDFPath, is[i].PDFSM3, recordSM3[i])) != nil {
			e.off = true
			return
		}
		r.last = is[i].Identifier
		e.n++
	}
}

// run is the run of prefix, opened if new; nil when it cannot be.
func (e *entryLog) run(prefix string) *entryRun {
	if r, ok := e.runs[prefix]; ok {
		return r
	}
	if len(e.runs) == 0 {
		e.dots = strings.Count(prefix, ".")
	}
	if prefix == "" || len(e.runs) == maxRuns || strings.Count(prefix, ".") != e.dots {
		return nil
	}
	f, err := os.CreateTemp("", "ezz-manifest-*")
	if err != nil {
		return nil
	}
	r := &entryRun{f: f, w: bufio.NewWriterSize(f, 16<<10)}
	if os.Remove(f.Name()) != nil {
		r.remove = f.Name()
	}
	e.runs[prefix] = r
	return r
}

// prefixOf is the identifier without its serial, version and check: its
// type code and issuing office. It is "" for an identifier without them.
func prefixOf(identifier string) string {
	i := len(identifier)
	for range 3 {
		if i = strings.LastIndexByte(identifier[:i], '.'); i <= 0 {
			return ""
		}
	}
	return identifier[:i]
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
	// Every prefix has as many dots, so no prefix+"." begins another: the
	// runs in that order are the entries in identifier order.
	prefixes := make([]string, 0, len(e.runs))
	for p, r := range e.runs {
		if r.w.Flush() != nil {
			return false, nil
		}
		if _, err := r.f.Seek(0, io.SeekStart); err != nil {
			return false, nil
		}
		prefixes = append(prefixes, p+".")
	}
	slices.Sort(prefixes)
	for i, p := range prefixes {
		if i > 0 {
			io.WriteString(w, ",")
		}
		if _, err := io.Copy(w, e.runs[strings.TrimSuffix(p, ".")].f); err != nil {
			return true, err
		}
	}
	return true, nil
}

// close removes the log's files.
func (e *entryLog) close() {
	if e == nil {
		return
	}
	for _, r := range e.runs {
		r.f.Close()
		if r.remove != "" {
			os.Remove(r.remove)
		}
	}
}
