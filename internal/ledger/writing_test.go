package ledger

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWritersTakeTurns: two write transactions of one Ledger wait for each
// other in the Ledger, not in SQLite's busy handler. With SQLite's busy
// timeout at zero, a writer that reached SQLite while the other held its lock
// would fail at once with SQLITE_BUSY; here both the pool's path and
// IssueBatch's fast path wait and then commit. Another Ledger on the same
// file (another process) is still kept out by SQLite's lock.
func TestWritersTakeTurns(t *testing.T) {
	prev := busyTimeout
	busyTimeout = 0
	defer func() { busyTimeout = prev }()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01A", 1, "")}); err != nil { // opens the fast path's connection
		t.Fatal(err)
	}

	for name, write := range map[string]func() error{
		"tx":      func() error { return l.tx(ctx, func(*sql.Tx) error { return nil }) },
		"issueTx": func() error { return l.issueTx(ctx, func(*sql.Tx) error { return nil }) },
	} {
		inside, release, held := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			held <- l.tx(ctx, func(*sql.Tx) error { close(inside); <-release; return nil })
		}()
		<-inside
		if err := other.tx(ctx, func(*sql.Tx) error { return nil }); err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
			t.Errorf("%s: another Ledger's write while the lock is held: %v, want SQLITE_BUSY", name, err)
		}
		second := make(chan error, 1)
		go func() { second <- write() }()
		select {
		case err := <-second:
			t.Fatalf("%s: the second writer did not wait for the first: %v", name, err)
		case <-time.After(50 * time.Millisecond):
		}
		close(release)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		if err := <-second; err != nil {
			t.Errorf("%s: the second writer, after the first: %v", name, err)
		}
	}
}

// TestCheckpoint: after Checkpoint the database file holds what was
// committed, without its WAL (a copy of the file alone reads it back), while
// the Ledger stays open and a reader's snapshot is open beside it.
func TestCheckpoint(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	is := issuance("S01A", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{is}); err != nil {
		t.Fatal(err)
	}
	reader, err := l.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Rollback()
	var n int
	if err := reader.QueryRowContext(ctx, "SELECT count(*) FROM certificates").Scan(&n); err != nil || n != 1 {
		t.Fatalf("reader: %d certificates, %v", n, err)
	}
	if err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	alone := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(alone, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Open(alone)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.ByIdentifier(ctx, is.Identifier); err != nil {
		t.Errorf("the file without its WAL: %v", err)
	}
}

// TestWriteAfterAPanic: a write transaction whose work panics (a console's
// handler, which net/http recovers) gives back both the Ledger's turn and
// SQLite's lock: the next write of the same Ledger commits, on the pool's
// path and on IssueBatch's fast path.
func TestWriteAfterAPanic(t *testing.T) {
	prev := busyTimeout
	busyTimeout = 0 // a transaction left open would make the next write fail at once
	defer func() { busyTimeout = prev }()
	ctx := context.Background()
	for _, name := range []string{"tx", "issueTx"} {
		l, err := Open(filepath.Join(t.TempDir(), "ledger.db"))
		if err != nil {
			t.Fatal(err)
		}
		if err := l.IssueBatch(ctx, []Issuance{issuance("S01A", 1, "")}); err != nil { // opens the fast path's connection
			t.Fatal(err)
		}
		write := l.tx
		if name == "issueTx" {
			write = l.issueTx
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Fatalf("%s: the panic did not reach the caller", name)
				}
			}()
			write(ctx, func(t *sql.Tx) error {
				if _, err := t.ExecContext(ctx, "UPDATE stations SET next_serial = next_serial"); err != nil {
					return err
				}
				panic("a bug in a write")
			})
		}()
		next := make(chan error, 1)
		go func() { next <- l.tx(ctx, func(*sql.Tx) error { return nil }) }()
		select {
		case err := <-next:
			if err != nil {
				t.Errorf("%s: the write after a panic: %v", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the write after a panic still waits for the Ledger's turn", name) // l left open: its close would wait too
		}
		l.Close()
	}
}

// TestOpenBusy: a ledger opened while another process holds its write lock
// for longer than SQLite waits fails with an error IsBusy recognises (the
// agency then tells the clerk what is going on).
func TestOpenBusy(t *testing.T) {
	prev := busyTimeout
	busyTimeout = 0
	t.Cleanup(func() { busyTimeout = prev })
	ctx := context.Background()
	l := openTest(t)
	hold := make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- l.tx(ctx, func(tx *sql.Tx) error {
			held <- nil
			<-hold
			return nil
		})
	}()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	other, err := Open(l.path)
	close(hold)
	if err == nil {
		other.Close()
		t.Fatal("the second open took no write lock: this test needs another way to meet a busy ledger")
	}
	if !IsBusy(err) {
		t.Errorf("open beside a held write lock: %v; want IsBusy", err)
	}
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if IsBusy(errors.New("no such table: events")) {
		t.Error("IsBusy of another error")
	}
}
