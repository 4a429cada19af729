package ledger

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"ezz/internal/audit"
)

func TestPruneAudit(t *testing.T) {
	ctx := context.Background()
	l, keys := auditLedger(t)
	before, _ := l.LatestHead(ctx)
	now := t0.AddDate(4, 0, 0)
	if _, err := l.PruneAudit(ctx, t0.AddDate(1, 1, 0), now, "auditor", "S01", keys.key); !errors.Is(err, ErrRetention) {
		t.Fatalf("a cut within 3 years: got %v, want ErrRetention", err)
	}
	p, err := l.PruneAudit(ctx, t0.AddDate(1, 0, 0), now, "auditor", "S01", keys.key)
	if err != nil {
		t.Fatal(err)
	}
	if p.Pruned != 2 || p.Kept[audit.RetainLifecycle] != 21 || p.Kept[audit.RetainSystem] != 2 || p.Head.Size != 26 {
		t.Fatalf("got %+v, want 2 pruned, 21 lifecycle and 2 system entries kept, a head of 26", p)
	}
	if rows, _ := l.AccessLog(ctx, time.Time{}); len(rows) != 0 {
		t.Errorf("access log after the prune: got %d rows, want 0", len(rows))
	}
	r, err := l.VerifyAudit(ctx, keys)
	if err != nil || !r.OK() || r.Pruned != 2 {
		t.Fatalf("after the prune: got %+v, %v; want a clean log with 2 pruned entries", r, err)
	}
	// the head made before the prune still verifies, and extends to the new one
	proof, err := l.ConsistencyProof(ctx, before, p.Head)
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.VerifyHeads(before, p.Head, proof, keys.key.Public()); err != nil {
		t.Error(err)
	}
	// pruning again cuts nothing more
	if p, err := l.PruneAudit(ctx, t0.AddDate(1, 0, 0), now, "auditor", "S01", keys.key); err != nil || p.Pruned != 0 {
		t.Errorf("second prune: got %+v, %v", p, err)
	}
}

func TestAuditIndexOfEvent(t *testing.T) {
	ctx := context.Background()
	l, _ := auditLedger(t)
	n := 0
	err := l.AuditEntries(ctx, time.Time{}, time.Time{}, func(e AuditEntry, _ audit.Hash) error {
		n++
		if e.Source != audit.SourceEvent {
			return nil
		}
		got, err := l.AuditIndexOfEvent(ctx, e.SourceSeq)
		if err != nil || got != e.Index {
			t.Errorf("event %d: got entry %d (%v), want %d", e.SourceSeq, got, err, e.Index)
		}
		return nil
	})
	if err != nil || n != 25 {
		t.Fatalf("got %d entries (%v), want 25", n, err)
	}
	if _, err := l.AuditIndexOfEvent(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("event 999: got %v, want ErrNotFound", err)
	}
}

// TestPruneRetention: the catalogue's retention rides in the issue event
// (and so in its audit leaf); a prune counts the lifecycle entries of ended
// certificates whose retention is over, and keeps them.
func TestPruneRetention(t *testing.T) {
	ctx := context.Background()
	l, keys := openTest(t), newTestKeys(t)
	var is []Issuance
	for n, r := range []string{"2y", "permanent", "2y"} {
		i := issuance("S01", uint64(n+1), "")
		i.Retention = r
		is = append(is, i)
	}
	if err := l.IssueBatch(ctx, is); err != nil {
		t.Fatal(err)
	}
	for _, i := range is[:2] {
		if err := l.SetStatus(ctx, StatusChange{Identifier: i.Identifier, Status: "07", Reason: "r", Actor: "clerk", Station: "S01", At: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	found := false
	l.AuditEntries(ctx, time.Time{}, time.Time{}, func(e AuditEntry, _ audit.Hash) error {
		found = found || e.Action == KindIssue && e.Subject == is[0].Identifier && strings.Contains(e.Detail, `"retention":"2y"`)
		return nil
	})
	if !found {
		t.Fatal("the issue entry does not carry the retention")
	}
	tests := []struct {
		before   time.Time
		wantPast int64
	}{
		{t0.AddDate(1, 0, 0), 0},                // within 2 years of the revocation
		{t0.AddDate(2, 0, 0).Add(time.Hour), 2}, // the first one's retention ended: its issue and revocation
	}
	for _, tt := range tests {
		p, err := l.PruneAudit(ctx, tt.before, tt.before.AddDate(AccessRetention, 0, 0), "auditor", "S01", keys.key)
		if err != nil {
			t.Fatal(err)
		}
		if p.PastRetention != tt.wantPast || p.Kept[audit.RetainLifecycle] != 5 {
			t.Errorf("cut at %v: got %d past retention, %d lifecycle kept; want %d, 5", tt.before, p.PastRetention, p.Kept[audit.RetainLifecycle], tt.wantPast)
		}
	}
	if r, err := l.VerifyAudit(ctx, keys); err != nil || !r.OK() {
		t.Fatalf("got %+v, %v", r, err)
	}
}
