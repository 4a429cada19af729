package ledger

import (
	"context"
	"testing"
	"time"
)

// TestConversionEndsSealed: a conversion's last write is its push deadline, after
// the batch close; that transaction makes a head too, so no entry of a finished
// conversion is left outside every signed head (where it could be edited unseen).
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
	if err := l.CloseBatch(ctx, b.ID, 2, 0, 0, "clerk", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := l.SetDeadline(ctx, b.ID, t0.Add(120*time.Hour), "clerk", "S01", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	r, err := l.VerifyAudit(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Sealed != r.Entries {
		t.Fatalf("got %d entries, %d under the latest head: the deadline event is outside every head", r.Entries, r.Sealed)
	}
}
