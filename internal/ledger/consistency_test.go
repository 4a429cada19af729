package ledger

import (
	"context"
	"testing"
)

// invariants are queries that must each return 0 on a consistent ledger.
var invariants = []struct{ name, query string }{
	{"counter differs from committed rows", `SELECT count(*) FROM stations s WHERE s.next_serial - 1 <>
		(SELECT count(*) FROM certificates c WHERE c.station = s.code)`},
	{"gap in a station's serials", `SELECT count(*) FROM stations s WHERE
		coalesce((SELECT max(serial_n) FROM certificates c WHERE c.station = s.code), 0) <>
		(SELECT count(*) FROM certificates c WHERE c.station = s.code)`},
	{"certificate without a station counter", `SELECT count(*) FROM certificates c
		WHERE NOT EXISTS (SELECT 1 FROM stations s WHERE s.code = c.station)`},
	{"certificate whose last event is not about it", `SELECT count(*) FROM certificates c
		JOIN events e ON e.seq = c.last_event WHERE e.stem <> c.stem`},
	{"issue event without its certificate", `SELECT count(*) FROM events e WHERE e.kind = 'issue'
		AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.identifier = e.identifier AND v.event = e.seq)`},
	{"certificate without its issue event", `SELECT count(*) FROM certificates c WHERE NOT EXISTS
		(SELECT 1 FROM events e WHERE e.kind = 'issue' AND e.stem = c.stem)`},
	{"certificate without its current version", `SELECT count(*) FROM certificates c
		WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.identifier = c.identifier AND v.version = c.version)`},
	{"version without an outbox entry", `SELECT count(*) FROM versions v
		WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.identifier = v.identifier)`},
	{"batch certificate without its row", `SELECT count(*) FROM certificates c WHERE c.batch_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM batch_rows r WHERE r.batch_id = c.batch_id AND r.identifier = c.identifier)`},
	{"row issued twice", `SELECT count(*) FROM (SELECT identifier FROM batch_rows WHERE identifier IS NOT NULL
		GROUP BY identifier HAVING count(*) > 1)`},
}

// checkConsistent reopens the ledger file, checks SQLite's integrity and every
// invariant, and returns the number of certificates per station.
func checkConsistent(t *testing.T, path string) map[string]int {
	t.Helper()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	var ok string
	if err := l.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: got %q, %v; want ok", ok, err)
	}
	for _, inv := range invariants {
		var n int
		if err := l.db.QueryRowContext(ctx, inv.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", inv.name, err)
		}
		if n != 0 {
			t.Errorf("%s: %d cases, want 0", inv.name, n)
		}
	}
	return perStation(t, l)
}

func perStation(t *testing.T, l *Ledger) map[string]int {
	t.Helper()
	rs, err := l.db.Query("SELECT station, count(*) FROM certificates GROUP BY station")
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	out := map[string]int{}
	for rs.Next() {
		var st string
		var n int
		if err := rs.Scan(&st, &n); err != nil {
			t.Fatal(err)
		}
		out[st] = n
	}
	return out
}

// TestInvariantsCatchDamage makes sure the invariants can fail: a ledger
// damaged behind the triggers' back is reported.
func TestInvariantsCatchDamage(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 1, ""), issuance("S01", 2, "")}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.ExecContext(ctx, "UPDATE stations SET next_serial = 7"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := l.db.QueryRowContext(ctx, invariants[0].query).Scan(&n); err != nil || n != 1 {
		t.Errorf("%s after moving the counter: got %d, %v; want 1", invariants[0].name, n, err)
	}
}
