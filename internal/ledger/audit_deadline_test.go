package ledger

import (
	"context"
	"testing"
	"time"
)

// TestConversionEndsSealed: a conversion's last write is its push deadline, after
// the batch close; that transaction makes a head too, so no entry of a finished
// conversion is left outside every signed head (where it could be edited unseen),
// whether the two are written in turn or together (CloseBatchDue).
func TestConversionEndsSealed(t *testing.T) {
	ctx := context.Background()
	l, keys := openTest(t), newTestKeys(t)
	l.SetHeadSigner(keys.key, func() time.Time { return t0 })
	b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "r", TemplateHash: "h"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 1, b.ID), issuance("S01", 2, b.ID)}); err != nil {
		t.Fatal(err)
	}
	first := t0.Add(120 * time.Hour)
	if err := l.CloseBatchDue(ctx, b.ID, 2, 0, 0, first, "clerk", "S01", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	sealedAll(t, l, keys, 5)
	resumed := issuance("S01", 3, b.ID)
	resumed.At = t0.Add(90 * time.Second) // the resumed run, after the first close
	if err := l.IssueBatch(ctx, []Issuance{resumed}); err != nil {
		t.Fatal(err)
	}
	second := t0.Add(144 * time.Hour)
	if err := l.CloseBatchDue(ctx, b.ID, 3, 0, 0, second, "clerk", "S01", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	sealedAll(t, l, keys, 8)
	got, err := l.Batch(ctx, b.ID)
	if err != nil || got.Issued != 3 || !got.ConcludedAt.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("batch: got %+v, %v; want 3 issued, concluded at the second close", got, err)
	}
	p, err := l.Pending(ctx, 10)
	if err != nil || len(p) != 3 {
		t.Fatalf("pending: got %d, %v", len(p), err)
	}
	// The first run's certificates concluded at the first close, and their 5
	// working days run from there (DESIGN R2); the second close is the
	// conclusion of the resumed run's certificate only.
	for _, e := range p {
		want := first
		if e.Identifier == resumed.Identifier {
			want = second
		}
		if !e.Deadline.Equal(want) {
			t.Errorf("entry %d: deadline %v, want %v", e.ID, e.Deadline, want)
		}
	}
}

// sealedAll checks that the log verifies, has entries entries, and that the
// latest head covers them all.
func sealedAll(t *testing.T, l *Ledger, keys testKeys, entries uint64) {
	t.Helper()
	r, err := l.VerifyAudit(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Entries != entries || r.Sealed != r.Entries {
		t.Fatalf("got %d entries (want %d), %d under the latest head: the deadline event is outside every head", r.Entries, entries, r.Sealed)
	}
}
