package ledger

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestIssueConnKeepsForeignKeys: the fast path's connection writes without
// SQLite's foreign-key checks and proves them itself; nothing it writes
// breaks one, a batch it cannot prove is refused, and no connection without
// the checks is ever handed to another write.
func TestIssueConnKeepsForeignKeys(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	bt, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	var group []Issuance
	for n := uint64(1); n <= 70; n++ {
		is := issuance("S01", n, "")
		if n%2 == 1 { // rows of the batch and rows of none, as convert and issue write them
			is = issuance("S01", n, bt.ID)
		}
		group = append(group, is)
	}
	if err := l.IssueBatch(ctx, group); err != nil {
		t.Fatal(err)
	}
	if on := pragmaOn(t, l.writer.c, "foreign_keys"); on != 0 {
		t.Fatalf("the fast path's connection: foreign_keys = %d, want 0 (the checks proven by the writer)", on)
	}
	if mem := pragmaOn(t, l.writer.c, "temp_store"); mem != 2 {
		t.Fatalf("the fast path's connection: temp_store = %d, want 2 (statement journals in memory)", mem)
	}
	if kib := pragmaOn(t, l.writer.c, "cache_size"); strconv.Itoa(kib) != issueCache {
		t.Fatalf("the fast path's connection: cache_size = %d, want %s", kib, issueCache)
	}

	stray := issuance("S01", 71, "no-such-batch")
	err = l.IssueBatch(ctx, []Issuance{stray})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("a row of a batch that does not exist: got %v, want a foreign-key refusal", err)
	}
	if _, err := l.ByIdentifier(ctx, stray.Identifier); err == nil {
		t.Fatalf("the refused row %s is in the ledger", stray.Identifier)
	}

	rows, err := l.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		rows.Scan(&table, &rowid, &parent, &fk)
		t.Errorf("foreign_key_check: %s row %v has no parent in %s", table, rowid.Int64, parent)
	}
	rows.Close()

	l.writer.close()
	poolKeepsForeignKeys(t, l)
}

// poolKeepsForeignKeys takes more connections than the pool keeps idle, so
// every idle one is among them, and checks each has SQLite's foreign keys on.
func poolKeepsForeignKeys(t *testing.T, l *Ledger) {
	t.Helper()
	ctx := context.Background()
	var held []*sql.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range runtime.GOMAXPROCS(0) + 3 {
		c, err := l.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		if on := pragmaOn(t, c, "foreign_keys"); on != 1 {
			t.Errorf("a pooled connection: foreign_keys = %d, want 1", on)
		}
	}
}

func pragmaOn(t *testing.T, c *sql.Conn, name string) int {
	t.Helper()
	var on int
	if err := c.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&on); err != nil {
		t.Fatal(err)
	}
	return on
}

// TestIssueConnDiscardedOnFailure: a fast-path transaction that fails after
// its rows are written (here its tree head cannot be signed) rolls back whole,
// and its connection, checks off, is closed for good rather than given back
// to the pool; the next group gets a fresh one.
func TestIssueConnDiscardedOnFailure(t *testing.T) {
	ctx := context.Background()
	l, keys := openTest(t), newTestKeys(t)
	l.SetHeadSigner(&failingSigner{Signer: keys.key, fail: true}, func() time.Time { return t0 })
	is := issuance("S01", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{is}); err == nil || !strings.Contains(err.Error(), "the key is gone") {
		t.Fatalf("IssueBatch with a key that cannot sign: got %v, want its error", err)
	}
	if l.writer.c != nil {
		t.Fatal("the failed transaction's connection is kept")
	}
	if _, err := l.ByIdentifier(ctx, is.Identifier); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the failed group's row: got %v, want ErrNotFound", err)
	}
	poolKeepsForeignKeys(t, l)
	l.SetHeadSigner(keys.key, func() time.Time { return t0 })
	if err := l.IssueBatch(ctx, []Issuance{is}); err != nil {
		t.Fatal(err)
	}
	if on := pragmaOn(t, l.writer.c, "foreign_keys"); on != 0 {
		t.Fatalf("the next fast-path connection: foreign_keys = %d, want 0", on)
	}
}
