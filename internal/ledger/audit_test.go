package ledger

import (
	"context"
	"crypto"
	"crypto/rand"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"

	"ezz/internal/audit"
	"ezz/internal/sign"
)

// testKeys is the issuing key of an audit test and the look-up verification uses.
type testKeys struct{ key *sm2.PrivateKey }

func (k testKeys) Lookup(id string) (crypto.PublicKey, error) {
	if id != sign.KeyID(k.key.Public()) {
		return nil, fmt.Errorf("unknown key %s", id)
	}
	return k.key.Public(), nil
}

func newTestKeys(t testing.TB) testKeys {
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKeys{k}
}

// auditLedger is a ledger with a batch of issuances (closed: a head), access
// entries and a status change after it (a second head, made explicitly).
func auditLedger(t *testing.T) (*Ledger, testKeys) {
	t.Helper()
	ctx := context.Background()
	l, keys := openTest(t), newTestKeys(t)
	clock := t0
	l.SetHeadSigner(keys.key, func() time.Time { return clock })
	b := issuedBatch(t, l, 20)
	if err := l.CloseBatch(ctx, b.ID, 20, 0, 0, "clerk", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	clock = t0.Add(2 * time.Minute)
	if err := l.LogAccess(ctx, Access{At: clock, Actor: "auditor", Station: "S01", Action: "verify", Subject: "a.pdf", Result: "valid"},
		Access{At: clock, Actor: "auditor", Station: "S01", Action: "lookup", Subject: "NO-1", Result: "found"}); err != nil {
		t.Fatal(err)
	}
	if err := l.SetStatus(ctx, StatusChange{Identifier: issuance("S01", 4, b.ID).Identifier, Status: "07", Reason: "r", Actor: "clerk", Station: "S01", At: clock}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.MakeHead(ctx, keys.key, clock); err != nil {
		t.Fatal(err)
	}
	return l, keys
}

func TestAuditEveryEventAndHead(t *testing.T) {
	ctx := context.Background()
	l, keys := auditLedger(t)
	hs, err := l.Heads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// the first write (batch-open) → head of 1; 20 issues + batch-close →
	// head of 22 (at the close); 2 accesses + 1 status → head of 25 (MakeHead)
	if len(hs) != 3 || hs[0].Size != 1 || hs[1].Size != 22 || hs[2].Size != 25 {
		t.Fatalf("got heads %+v, want sizes 1, 22 and 25", hs)
	}
	hs = hs[1:]
	r, err := l.VerifyAudit(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Entries != 25 || r.Sealed != 25 {
		t.Fatalf("got %+v, want a clean log of 25 entries", r)
	}
	for i := uint64(0); i < 25; i++ {
		e, err := l.AuditEntryAt(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		p, err := l.InclusionProof(ctx, i, hs[1].Head)
		if err != nil {
			t.Fatal(err)
		}
		if err := audit.VerifyInclusion(i, 25, e.Leaf(), p, hs[1].Root); err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
	}
	p, err := l.ConsistencyProof(ctx, hs[0].Head, hs[1].Head)
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.VerifyHeads(hs[0].Head, hs[1].Head, p, keys.key.Public()); err != nil {
		t.Error(err)
	}
}

// raw opens the ledger file behind the ledger's back, as someone with write
// access to it would.
func raw(t *testing.T, l *Ledger) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", l.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func rawExec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// dropAll drops every trigger, the first thing a forger does.
func dropAll(t *testing.T, db *sql.DB) {
	t.Helper()
	names, err := triggersOf(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for n := range names {
		rawExec(t, db, "DROP TRIGGER "+n)
	}
}

func TestAuditDetectsTampering(t *testing.T) {
	tests := []struct {
		name     string
		edit     []string
		wantCode string
		firstBad int64
	}{
		{"entry pointed at another event", []string{`UPDATE audit_entries SET source_seq = 7 WHERE seq = 5`}, "entry-changed", 4},
		{"entry pointed at another source", []string{`UPDATE audit_entries SET source = 'access' WHERE seq = 5`}, "entry-changed", 4},
		{"changed event", []string{`UPDATE events SET actor = 'forged' WHERE seq = 6`}, "entry-changed", 5},
		{"changed event time", []string{`UPDATE events SET at = '2026-03-02T01:29:00Z' WHERE seq = 6`}, "entry-changed", 5},
		{"changed event's certificate", []string{`UPDATE events SET stem = '' WHERE seq = 6`}, "entry-changed", 5},
		{"changed event and stored hashes", []string{`UPDATE events SET outcome = 'x' WHERE seq = 6`, `DELETE FROM audit_nodes`}, "head-root", 1},
		{"inserted event", []string{`INSERT INTO events (at, actor, station, kind) VALUES ('2026-03-02T01:40:00Z', 'x', 'S01', 'key-import')`},
			"entry-unlogged", 25},
		{"inserted entry", []string{`INSERT INTO audit_entries (source, source_seq) VALUES ('event', 999)`}, "source-missing", 25},
		{"reordered entries", []string{`UPDATE audit_entries SET seq = 1000 WHERE seq = 3`, `UPDATE audit_entries SET seq = 3 WHERE seq = 4`,
			`UPDATE audit_entries SET seq = 4 WHERE seq = 1000`}, "entry-order", 2},
		{"deleted entry", []string{`DELETE FROM audit_entries WHERE seq = 10`}, "entry-missing", 9},
		{"deleted last entries", []string{`DELETE FROM audit_entries WHERE seq >= 24`, `DELETE FROM events WHERE seq >= 23`}, "head-beyond", 23},
		{"replaced head", []string{`UPDATE audit_heads SET root = (SELECT root FROM audit_heads WHERE id = 1) WHERE id = 3`}, "head-signature", -1},
		{"deleted head", []string{`DELETE FROM audit_heads WHERE id = 1`}, "head-missing", -1},
		{"pruned without a prune", []string{`UPDATE audit_entries SET pruned = 1 WHERE seq = 23`}, "prune-unrecorded", 22},
		{"dropped trigger only", nil, "trigger-missing", -1},
		{"swapped two events' bodies, leaves kept", []string{`UPDATE events SET detail = (SELECT detail FROM events WHERE seq = 4), identifier = (SELECT identifier FROM events WHERE seq = 4) WHERE seq = 3`},
			"entry-changed", 2},
		{"swapped two events and their stored leaves", []string{
			`UPDATE events SET seq = 1000 WHERE seq = 3`, `UPDATE events SET seq = 3 WHERE seq = 4`, `UPDATE events SET seq = 4 WHERE seq = 1000`,
			`UPDATE audit_nodes SET idx = 1000 WHERE level = 0 AND idx = 2`, `UPDATE audit_nodes SET idx = 2 WHERE level = 0 AND idx = 3`,
			`UPDATE audit_nodes SET idx = 3 WHERE level = 0 AND idx = 1000`}, "entry-changed", 2}, // a leaf covers its index and source seq
		{"entry inserted in the middle", []string{
			`INSERT INTO events (at, actor, station, kind) VALUES ('2026-03-02T01:30:00Z', 'x', 'S01', 'key-import')`,
			`UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= 10`, `UPDATE audit_entries SET seq = seq - 999 WHERE seq >= 1010`,
			`INSERT INTO audit_entries (seq, source, source_seq) VALUES (10, 'event', (SELECT max(seq) FROM events))`}, "entry-changed", 9},
		{"tail and its head deleted together", []string{`DELETE FROM audit_heads WHERE id = 3`, `DELETE FROM audit_entries WHERE seq >= 23`,
			`DELETE FROM access_log`, `DELETE FROM events WHERE seq >= 23`, `DELETE FROM audit_nodes WHERE idx >= 22`}, "rows-deleted", 22},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, keys := auditLedger(t)
			db := raw(t, l)
			dropAll(t, db)
			rawExec(t, db, tt.edit...)
			r, err := l.VerifyAudit(context.Background(), keys)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			found := false
			for _, p := range r.Problems {
				codes = append(codes, p.Code)
				found = found || p.Code == tt.wantCode
			}
			if !found || r.OK() {
				t.Fatalf("got problems %v, want %s", codes, tt.wantCode)
			}
			if r.FirstBad != tt.firstBad {
				t.Errorf("got first bad entry %d, want %d (%v)", r.FirstBad, tt.firstBad, r.Problems)
			}
			if tt.edit != nil && !strings.Contains(strings.Join(codes, " "), "trigger-missing") {
				t.Errorf("dropped triggers not reported: %v", codes)
			}
		})
	}
}

func TestAuditTriggersHold(t *testing.T) {
	l, _ := auditLedger(t)
	db := raw(t, l)
	for _, s := range []string{
		`UPDATE audit_entries SET source_seq = 2 WHERE seq = 1`,
		`UPDATE audit_entries SET pruned = 1 WHERE seq = 1`,
		`DELETE FROM audit_entries WHERE seq = 1`,
		`UPDATE audit_nodes SET hash = x'00' WHERE level = 0 AND idx = 0`,
		`DELETE FROM audit_heads`,
		`DELETE FROM access_log`,
	} {
		if _, err := db.Exec(s); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want refused as append-only", s, err)
		}
	}
}

// TestAuditHeadSignedByTheKey: an insider holding the issuing key replaces
// a head with one over a forged root; the entries do not give that root.
func TestAuditHeadSignedByTheKey(t *testing.T) {
	ctx := context.Background()
	l, keys := auditLedger(t)
	hs, err := l.Heads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := audit.SignHead(hs[1].Size, audit.LeafHash([]byte("forged")), hs[1].Time, keys.key)
	if err != nil {
		t.Fatal(err)
	}
	db := raw(t, l)
	dropAll(t, db)
	if _, err := db.Exec(`UPDATE audit_heads SET root = ?, signature = ? WHERE id = 2`, forged.Root[:], []byte(forged.Signature)); err != nil {
		t.Fatal(err)
	}
	r, err := l.VerifyAudit(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || !hasCode(r, "head-root") || r.FirstBad != 1 {
		t.Fatalf("got %+v, want head-root with entry 1 (after head 1) first bad", r.Problems)
	}
}

// TestAuditTruncationNeedsAnOutsideHead is the limit docs/audit.md states:
// whoever can write the file can cut the tail of every table, heads, nodes
// and AUTOINCREMENT counters included, and what is left is a consistent
// smaller log. Only a head kept outside — the repository's, from a push, or
// an archive's — shows it: it cannot be proven consistent with what is left.
func TestAuditTruncationNeedsAnOutsideHead(t *testing.T) {
	ctx := context.Background()
	l, keys := auditLedger(t)
	pushed, err := l.LatestHead(ctx) // what the repository was given
	if err != nil {
		t.Fatal(err)
	}
	db := raw(t, l)
	dropAll(t, db)
	rawExec(t, db, `DELETE FROM audit_heads WHERE id = 3`, `DELETE FROM audit_entries WHERE seq >= 23`, `DELETE FROM access_log`,
		`DELETE FROM outbox WHERE event >= 23`, `UPDATE certificates SET status = '01', last_event = 5 WHERE last_event >= 23`,
		`DELETE FROM events WHERE seq >= 23`, `DELETE FROM audit_nodes WHERE idx >= 22 OR (level > 0 AND (idx + 1) << level > 22)`,
		`UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_entries) WHERE name = 'audit_entries'`,
		`UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM events) WHERE name = 'events'`,
		`UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_heads'`, `UPDATE sqlite_sequence SET seq = 0 WHERE name = 'access_log'`)
	r, err := l.VerifyAudit(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Problems { // the limit, pinned: only the dropped triggers show
		if p.Code != "trigger-missing" {
			t.Errorf("the documented limit changed: %s %s (update docs/audit.md)", p.Code, p.Msg.En)
		}
	}
	latest, err := l.LatestHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Size >= pushed.Size {
		t.Fatalf("the cut left a head of %d, want fewer than %d", latest.Size, pushed.Size)
	}
	// the outside head is larger than anything the ledger can still prove
	if _, err := l.ConsistencyProof(ctx, latest, pushed); err == nil {
		t.Error("a consistency proof to the pushed head was made from a truncated ledger")
	}
	if err := audit.VerifyConsistency(pushed, latest, nil); err == nil {
		t.Error("the truncated log's head passed as an extension of the pushed one")
	}
}

func hasCode(r *AuditReport, code string) bool {
	for _, p := range r.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// TestAuditSealRefusesBrokenEntries: a head is never signed over an entry
// whose row is missing, or that repeats a row.
func TestAuditSealRefusesBrokenEntries(t *testing.T) {
	for _, edit := range []string{
		`INSERT INTO audit_entries (source, source_seq) VALUES ('event', 999)`,
		`INSERT INTO audit_entries (source, source_seq) VALUES ('event', 3)`,
	} {
		l, keys := auditLedger(t)
		db := raw(t, l)
		dropAll(t, db)
		rawExec(t, db, edit)
		if _, err := l.MakeHead(context.Background(), keys.key, t0.Add(time.Hour)); err == nil || !strings.Contains(err.Error(), "run ezz audit verify") {
			t.Errorf("%s: got %v, want the head refused", edit, err)
		}
	}
}

// issuedBatch opens a batch of station S01 and issues serials 1 to n in it,
// in one group.
func issuedBatch(t *testing.T, l *Ledger, n uint64) Batch {
	t.Helper()
	ctx := context.Background()
	b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "r", TemplateHash: "h"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	var group []Issuance
	for i := uint64(1); i <= n; i++ {
		group = append(group, issuance("S01", i, b.ID))
	}
	if err := l.IssueBatch(ctx, group); err != nil {
		t.Fatal(err)
	}
	return b
}
