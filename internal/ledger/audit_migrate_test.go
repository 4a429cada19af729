package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"ezz/internal/audit"
)

// TestAuditRefMigration makes a ledger of schema 4, whose entries copy their
// events, with leaves and a head hashed from those copies (one access entry
// pruned as a prune of schema 4 did), and checks that after migration 5 —
// entries pointing at their rows — every leaf and the head still verify.
func TestAuditRefMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:4] {
		rawExec(t, db, m)
	}
	rawExec(t, db, `PRAGMA user_version = 4`,
		`INSERT INTO events (at, actor, station, kind, stem, identifier, batch_id, detail) VALUES
			('2026-03-02T01:30:00Z', 'clerk', 'S01', 'issue', 'T.I.S1', 'T.I.S1.001.X', 'B1', '{"n":"é\"\\\n"}'),
			('2026-03-02T01:31:00Z', 'clerk', 'S01', 'key-import', '', '', '', '{}')`,
		`INSERT INTO access_log (at, actor, station, action, subject, result) VALUES
			('2026-03-02T01:32:00Z', 'auditor', 'S01', 'verify', 'a.pdf', 'valid'),
			('2026-03-02T01:33:00Z', 'auditor', 'S01', 'lookup', 'NO-1', 'found')`)
	keys := newTestKeys(t)
	head := sealV4(t, db, keys)
	rawExec(t, db, `INSERT INTO audit_cuts (event, before, access_seq) VALUES (2, '2026-03-02T01:33:00Z', 1)`,
		`UPDATE audit_entries SET operator = NULL, station = NULL, action = NULL, subject = NULL, batch = NULL, outcome = NULL,
			detail = NULL, pruned = 2 WHERE source = 'access' AND source_seq = 1`, `DELETE FROM access_log WHERE seq = 1`)
	db.Close()

	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	r, err := l.VerifyAudit(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Entries != 4 || r.Sealed != 4 || r.Pruned != 1 {
		t.Fatalf("got %+v, want 4 clean entries under the head, 1 pruned", r)
	}
	got, err := l.LatestHead(ctx)
	if err != nil || got.Root != head.Root {
		t.Fatalf("got head %+v, %v; want the schema 4 head %+v", got, err, head)
	}
	if _, err := l.Append(ctx, Event{At: t0, Actor: "clerk", Station: "S01", Kind: KindKeyImport}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.MakeHead(ctx, keys.key, t0); err != nil {
		t.Fatal(err)
	}
	if r, err := l.VerifyAudit(ctx, keys); err != nil || !r.OK() || r.Entries != 5 || r.Sealed != 5 {
		t.Fatalf("after one more event: got %+v, %v", r, err)
	}
}

// sealV4 hashes the entries of a schema 4 ledger from their copied columns,
// stores the leaves and nodes, and signs a head, as schema 4's seal did.
func sealV4(t *testing.T, db *sql.DB, keys testKeys) audit.Head {
	t.Helper()
	rs, err := db.Query(`SELECT seq, source, source_seq, at, retention, operator, station, action, subject, batch, outcome, detail
		FROM audit_entries ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var f audit.Frontier
	var stmts []string
	f.OnNode = func(level uint, index uint64, h audit.Hash) {
		if audit.Stored(level) {
			stmts = append(stmts, fmt.Sprintf(`INSERT INTO audit_nodes (level, idx, hash) VALUES (%d, %d, x'%x')`, level, index, h[:]))
		}
	}
	for rs.Next() {
		var e audit.Entry
		var seq int64
		if err := rs.Scan(&seq, &e.Source, &e.SourceSeq, &e.At, &e.Retention, &e.Operator, &e.Station, &e.Action,
			&e.Subject, &e.Batch, &e.Outcome, &e.Detail); err != nil {
			t.Fatal(err)
		}
		e.Index = uint64(seq - 1)
		f.Append(e.Leaf())
	}
	rs.Close()
	rawExec(t, db, stmts...)
	h, err := audit.SignHead(f.Size(), f.Root(), t0, keys.key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO audit_heads (size, root, at, key_id, signature) VALUES (?, ?, ?, ?, ?)`,
		h.Size, h.Root[:], utc(h.Time), h.KeyID, []byte(h.Signature)); err != nil {
		t.Fatal(err)
	}
	return h
}
