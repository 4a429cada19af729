package ledger

import (
	"context"
	"database/sql"
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
