package ledger

import (
	"context"
	"errors"
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
