package conversion

import (
	"bufio"
	"context"
	"io"
	"os"
	"strconv"
	"strings"

	"ezz/internal/ledger"
)

// The manifest lists a batch's certificates in identifier order (manifest.go).
// Reading them back from the ledger at the close costs a query over the batch,
// a sort and a second read of every signed record. So the committer
// writes each entry to an entry log as its group commits, and the close copies
// the log instead — when the log is exactly what the ledger would give: this
// run issued every certificate of the batch (no earlier run issued any), and
// no file was repaired meanwhile (the manifest carries a repaired file's SM3).
//
// Identifiers sort by type code and issuing office, then by serial. A run's
// serials grow in commit order, so the log keeps one run file per office and
// serial width (maxRuns at most), each in identifier order, and the close
// merges the runs by identifier: a station's serials widen past 99,999 (and
// 999,999), and a wider serial sorts among the narrower ones, not after
// them. Any other batch is read from the ledger as before; both give the
// same bytes (TestEntryLog, and checkEntries in every conversion test).

// maxRuns bounds the run files a log keeps open: a register of more offices
// and serial widths is read from the ledger.
const maxRuns = 16

// entryLog holds this run's manifest entries, one run file per identifier
// prefix (type code and office) and serial width.
type entryLog struct {
	runs  map[string]*entryRun // by runKey
	n     int                  // entries written
	since int64                // the ledger's last event when the run started
	off   bool                 // the log is not the batch's whole manifest: read the ledger
}

// entryRun is the entries of one run, a line each ("<identifier> <entry>"),
// in a temporary file removed at once where the system allows. Identifiers
// have no spaces and entries no line breaks (JSON escapes them).
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

// add writes the entries of a committed group; digests[i] is the digest of
// is[i]'s record, in hex. A failure only turns the log off.
func (e *entryLog) add(c *conv, is []ledger.Issuance, digests []string) {
	if e == nil || e.off {
		return
	}
	for i := range is {
		id := is[i].Identifier
		r := e.run(runKey(id))
		if r == nil || r.last != "" && id <= r.last || strings.ContainsAny(id, " \n") {
			e.off = true // not in identifier order: the ledger sorts them
			return
		}
		r.w.WriteString(id)
		r.w.WriteByte(' ')
		if writeEntry(r.w, c.entryOf(id, is[i].PDFPath, is[i].PDFSM3, digests[i])) != nil || r.w.WriteByte('\n') != nil {
			e.off = true
			return
		}
		r.last = id
		e.n++
	}
}

// run is the run of key, opened if new; nil when it cannot be.
func (e *entryLog) run(key string) *entryRun {
	if r, ok := e.runs[key]; ok {
		return r
	}
	if key == "" || len(e.runs) == maxRuns {
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
	e.runs[key] = r
	return r
}

// runKey is the identifier's prefix (its type code and issuing office) and
// the width of its serial; "" for an identifier without them.
func runKey(identifier string) string {
	p := prefixOf(identifier)
	if p == "" {
		return ""
	}
	serial, _, _ := strings.Cut(identifier[len(p)+1:], ".")
	return p + " " + strconv.Itoa(len(serial))
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
	heads := make([]*runHead, 0, len(e.runs))
	for _, r := range e.runs {
		if r.w.Flush() != nil {
			return false, nil
		}
		if _, err := r.f.Seek(0, io.SeekStart); err != nil {
			return false, nil
		}
		h := &runHead{r: bufio.NewReaderSize(r.f, 16<<10)}
		if err := h.next(); err != nil {
			return false, nil
		}
		heads = append(heads, h)
	}
	return true, merge(w, heads)
}

// runHead is a run file being read back, and its next entry.
type runHead struct {
	r         *bufio.Reader
	id, entry string
	done      bool
}

// next reads the run's next line.
func (h *runHead) next() error {
	line, err := h.r.ReadString('\n')
	if err == io.EOF && line == "" {
		h.done = true
		return nil
	}
	if err != nil {
		return err
	}
	id, entry, ok := strings.Cut(line[:len(line)-1], " ")
	if !ok {
		return io.ErrUnexpectedEOF
	}
	h.id, h.entry = id, entry
	return nil
}

// merge writes the runs' entries, comma-separated, in identifier order: each
// run is in that order, so the least of their next identifiers comes next.
func merge(w io.Writer, heads []*runHead) error {
	for first := true; ; first = false {
		var least *runHead
		for _, h := range heads {
			if !h.done && (least == nil || h.id < least.id) {
				least = h
			}
		}
		if least == nil {
			return nil
		}
		if !first {
			io.WriteString(w, ",")
		}
		if _, err := io.WriteString(w, least.entry); err != nil {
			return err
		}
		if err := least.next(); err != nil {
			return err
		}
	}
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
