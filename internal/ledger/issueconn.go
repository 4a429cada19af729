package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
)

// IssueBatch's fast path (multirow.go) writes through a connection of its
// own on which SQLite's foreign-key checks are off: nine parent look-ups a
// certificate (≈15 % of the commit's CPU) that the writer proves instead.
// Every parent a fast-path row names is one the same transaction has just
// written or read, so a statement that succeeded has its parents:
//   - certificates.station: advance inserts the station, or reads its
//     counter, before the rows;
//   - certificates.batch_id, batch_rows.batch_id: batchesExist reads each
//     batch of the group before the rows;
//   - certificates.last_event: certificates_event_insert (a trigger, which
//     the pragma does not turn off) refuses a certificate whose event is
//     missing or about another stem;
//   - versions.stem, versions.event, batch_rows.identifier, outbox.identifier,
//     outbox.event: the rows of the same chunk's INSERTs into certificates,
//     events and versions, which are plain INSERTs (all rows or an error).
//
// The row-by-row path and every other write run on the pool's connections,
// with the checks on (TestIssueConnKeepsForeignKeys).
//
// The connection also keeps its statement journal in memory (temp_store):
// each multi-row INSERT that may abort saves the pages it first changes so
// that it alone can be undone, and in a file that was two write(2)s a page,
// ≈1.6 pages a certificate. No crash recovery reads a statement journal; a
// fast-path failure rolls the whole transaction back anyway.

// issueConn is the fast path's connection, opened when first needed.
type issueConn struct {
	mu sync.Mutex // held for a whole transaction: one fast-path writer at a time
	c  *sql.Conn
}

// issueTx runs fn in one write transaction on the fast path's connection,
// or on the pool's when that connection cannot be had.
func (l *Ledger) issueTx(ctx context.Context, fn func(*sql.Tx) error) error {
	w := &l.writer
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.c == nil {
		c, err := openIssueConn(ctx, l.db)
		if err != nil {
			return l.tx(ctx, fn) // the checks stay on: slower, as correct
		}
		w.c = c
	}
	err := l.turn(func() error {
		t, err := w.c.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		return l.finish(ctx, t, fn)
	})
	var ff *fastFailed
	if err != nil && !errors.As(err, &ff) {
		discard(w.c) // whatever went wrong, the next group starts on a fresh connection
		w.c = nil
	}
	return err
}

// issueCache is the fast path's page cache, in KiB (a negative cache_size):
// twice the pool's 2 MiB. A group of 256 certificates dirties ≈600 pages; in
// 2 MiB SQLite spilled some of them to the WAL before the commit (written
// twice) and read pages back from the OS it had just evicted. With 4 MiB,
// 20,480 certificates cost 10 % fewer pwrite(2)s and 33 % fewer pread(2)s
// (BenchmarkIssueBatchHolders under strace -c); 16 MiB saved no more.
const issueCache = "-4096"

// openIssueConn takes a connection out of the pool, turns its foreign-key
// checks off, its temporary files into memory and its page cache up. The pragmas are set
// outside a transaction; statements the connection prepared before are
// compiled again (SQLite expires them when a flag pragma changes).
func openIssueConn(ctx context.Context, db *sql.DB) (*sql.Conn, error) {
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var on int
	if _, err = c.ExecContext(ctx, "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = "+issueCache); err == nil {
		err = c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on)
	}
	if err == nil && on != 0 {
		err = fmt.Errorf("foreign_keys is still %d", on)
	}
	if err != nil {
		discard(c)
		return nil, err
	}
	return c, nil
}

// discard closes c's connection for good: Close alone would give it back to
// the pool, and a pooled connection whose checks are off must serve no other
// write.
func discard(c *sql.Conn) {
	c.Raw(func(any) error { return driver.ErrBadConn }) // database/sql then closes it
	c.Close()
}

// close closes the connection, if one was opened.
func (w *issueConn) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.c != nil {
		discard(w.c)
		w.c = nil
	}
}
