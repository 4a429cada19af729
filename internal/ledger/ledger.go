// Package ledger is the agency's durable record of what was issued: certificates
// and their versions, the append-first event log, per-station serial counters,
// conversion batches and their rows, the push outbox and the access log, all in
// one SQLite file.
//
// Every change of state is written together with its event in one transaction;
// events, versions and access-log entries can be neither updated nor deleted
// (triggers refuse it), and a certificate row can only change when it points to
// a newer event about itself.
package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Ledger is an open ledger file. It is safe for concurrent use, and several
// processes may share one file (each write takes the database lock at once and
// waits up to BusyTimeout for it).
type Ledger struct {
	db   *sql.DB
	path string
	base string // the absolute folder of the file: the workspace (storePath)
	// realBase is base with its symbolic links resolved, and realDirs each
	// folder storePath was given the same (folder → resolved), so that a
	// file reached through a link (a --home or --out given by one) is known
	// to be in the workspace.
	realBase string
	realDirs sync.Map
	stmts    sync.Map    // query → *sql.Stmt, for the lookups run once per register row
	heads    *headSigner // set by SetHeadSigner: transactions make tree heads when due
	writer   issueConn   // IssueBatch's fast path (issueconn.go)

	// writing is held for each write transaction of this Ledger, so that two
	// of its writers take turns here rather than in SQLite's busy handler,
	// which sleeps between tries (up to 100 ms a try) and does not wake when
	// the lock is freed: during a conversion the audit grower's store slept
	// there while the committer wrote group after group, the committer then
	// slept behind the grower, and the end of the run waited for the grower's
	// last sleep, ≈0.1 s with both cores idle. Other processes are still kept
	// out by SQLite's lock and waited for by busy_timeout.
	writing sync.Mutex
}

// BusyTimeout is how long a write waits for another process's transaction.
const BusyTimeout = 30 * time.Second

// busyTimeout is BusyTimeout; tests shorten it.
var busyTimeout = BusyTimeout

// syncMode is the SQLite synchronous setting: FULL makes every committed
// transaction survive a power cut, not only a crash of the process (see
// docs/ledger.md for the measurements behind the choice). Benchmarks vary it.
var syncMode = "FULL"

// Errors callers tell apart with errors.Is.
var (
	ErrNotFound        = errors.New("not in the ledger")
	ErrDuplicateNumber = errors.New("certificate number already issued for this type")
	ErrSerialConflict  = errors.New("serial does not continue the station's counter")
	ErrRowDone         = errors.New("register row already issued in this batch")
	ErrNewerSchema     = errors.New("ledger was written by a newer ezz")
)

// Open opens (creating if needed) the ledger at path and brings its schema up to date.
func Open(path string) (*Ledger, error) {
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open ledger %q: %w", path, err)
	}
	l := &Ledger{db: db, path: path, base: filepath.Dir(path)}
	if abs, err := filepath.Abs(l.base); err == nil {
		l.base = abs
	}
	l.realBase, _ = filepath.EvalSymlinks(l.base)
	l.FitProcessors()
	if err := l.setup(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open ledger %q: %w", path, err)
	}
	return l, nil
}

// FitProcessors keeps as many connections idle as run at once: one per Go
// processor and two more. Open calls it; a caller that adds processors
// later calls it again.
//
// database/sql keeps 2 idle connections by default and closes the others as
// they are released: a conversion's checkers look numbers up while the
// committer holds its transaction, so a third connection was opened and
// closed again every few groups (17 times in 10,000 rows), each time parsing
// the schema, preparing its statements and filling a cold page cache. Each
// idle one holds at most its page cache (cache_size, 2 MiB by default).
func (l *Ledger) FitProcessors() {
	l.db.SetMaxIdleConns(runtime.GOMAXPROCS(0) + 2)
}

// setup puts the file in WAL mode (which the file keeps) and applies the migrations.
func (l *Ledger) setup(ctx context.Context) error {
	var mode string
	// Switching a new file to WAL takes an exclusive lock, and SQLite answers
	// SQLITE_BUSY at once rather than through busy_timeout when another process
	// holds it (two stations opening a new ledger together): retry a while.
	deadline := time.Now().Add(BusyTimeout)
	for {
		err := l.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, want wal (is the file on a network share?)", mode)
	}
	return l.migrate(ctx)
}

// IsBusy reports whether err is SQLite's answer that another connection (in
// another process) held the ledger's write lock for longer than it waited.
func IsBusy(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked"))
}

func dsn(path string) string {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()),
		"synchronous(" + syncMode + ")",
		"foreign_keys(ON)",
		"wal_autocheckpoint(8192)", // checkpoint every 32 MiB of WAL, not 4 MiB: fewer copies during a batch
	} {
		q.Add("_pragma", p)
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Close closes the ledger.
func (l *Ledger) Close() error {
	l.writer.close()
	l.stmts.Range(func(_, s any) bool { s.(*sql.Stmt).Close(); return true })
	return l.db.Close()
}

// Checkpoint copies what the WAL holds into the database file, as the last
// connection's close would, without waiting for any reader or writer (a
// passive checkpoint: what a reader still needs stays in the WAL). A caller
// runs it while it still has other work, so that Close has little left to
// copy: a conversion's last connection copied up to 32 MiB of WAL on one
// core after the batch was closed.
func (l *Ledger) Checkpoint(ctx context.Context) error {
	var busy, frames, copied int
	if err := l.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied); err != nil {
		return fmt.Errorf("checkpoint ledger: %w", err)
	}
	return nil
}

// prepared returns the statement for query, prepared once per Ledger.
func (l *Ledger) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := l.stmts.Load(query); ok {
		return s.(*sql.Stmt), nil
	}
	s, err := l.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if old, loaded := l.stmts.LoadOrStore(query, s); loaded {
		s.Close()
		return old.(*sql.Stmt), nil
	}
	return s, nil
}

// Path is the file the ledger lives in.
func (l *Ledger) Path() string { return l.path }

// tx runs fn in one write transaction and commits it, or rolls back on error.
func (l *Ledger) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return l.turn(func() error {
		t, err := l.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		return l.finish(ctx, t, fn)
	})
}

// turn runs write, a write transaction, holding writing; a panic gives it
// back too (a console's handler that panics is recovered by net/http, and
// the process's later writes must not wait for it forever).
func (l *Ledger) turn(write func() error) error {
	l.writing.Lock()
	defer l.writing.Unlock()
	return write()
}

// finish runs fn in the begun transaction t and commits it, or rolls back on
// error or panic (else the transaction would keep SQLite's lock).
func (l *Ledger) finish(ctx context.Context, t *sql.Tx, fn func(*sql.Tx) error) error {
	defer t.Rollback() // sql.ErrTxDone, and nothing done, once committed or rolled back
	if err := fn(t); err != nil {
		t.Rollback()
		return err
	}
	seen, err := l.sealDue(ctx, t) // audit_seal.go
	if err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return err
	}
	l.heads.looked(seen) // only now: a rolled-back transaction's entries were never written
	return nil
}

// utc formats t as stored: RFC 3339 in UTC.
func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// parseUTC reads a stored timestamp; an empty string is the zero time.
func parseUTC(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// Where a PDF is, as the ledger stores it: a path inside the ledger's own
// folder (the workspace: its out/, or an --out under it) as "./" and the
// path from there, so that a workspace moved or copied names its own files;
// any other as the absolute path it was written at. Paths written before
// this (round 15) were stored as given, relative to the folder ezz was then
// started in, and are handed back as they are (docs/ledger.md).
const inWorkspace = "./"

// storePath is p as the ledger stores it.
func (l *Ledger) storePath(p string) string {
	if p == "" {
		return ""
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if rel, ok := l.inside(abs); ok {
		return inWorkspace + filepath.ToSlash(rel)
	}
	return abs
}

// inside is the path from the workspace to the absolute path abs, when abs
// is in it, through symbolic links too.
func (l *Ledger) inside(abs string) (string, bool) {
	if rel, err := filepath.Rel(l.base, abs); err == nil && filepath.IsLocal(rel) {
		return rel, true
	}
	if l.realBase == "" {
		return "", false
	}
	dir := filepath.Dir(abs)
	real, ok := l.realDirs.Load(dir)
	if !ok {
		r, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return "", false
		}
		real, _ = l.realDirs.LoadOrStore(dir, r)
	}
	rel, err := filepath.Rel(l.realBase, filepath.Join(real.(string), filepath.Base(abs)))
	return rel, err == nil && filepath.IsLocal(rel)
}

// loadPath is a stored path as a path to open: one inside the workspace
// from where the ledger is now.
func (l *Ledger) loadPath(p string) string {
	if rel, ok := strings.CutPrefix(p, inWorkspace); ok {
		return filepath.Join(l.base, filepath.FromSlash(rel))
	}
	return p
}
