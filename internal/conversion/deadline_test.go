package conversion_test

import (
	"context"
	"crypto"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"ezz/internal/register/regtest"
)

// anyKey answers every key id with the one issuing key.
type anyKey struct{ crypto.PublicKey }

func (k anyKey) Lookup(string) (crypto.PublicKey, error) { return k.PublicKey, nil }

// TestDeadlineAcrossMidnight: rows issued before midnight (Asia/Shanghai)
// were written with the deadline of a close that day; the batch closes
// after midnight, and every entry gets the close's deadline. The audit tree,
// grown while the rows ran, verifies under the close's head.
func TestDeadlineAcrossMidnight(t *testing.T) {
	reg := filepath.Join(t.TempDir(), "register.xlsx")
	if err := regtest.Synthetic(reg, 3000); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, t.TempDir(), false)
	start := time.Date(2026, 6, 1, 15, 59, 0, 0, time.UTC) // Monday 23:59 in Shanghai
	var ticks atomic.Int64
	e.led.SetHeadSigner(e.key.Key, func() time.Time { return start })
	o := e.options(reg)
	o.Now = func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * 100 * time.Millisecond) }
	s := e.run(t, o)
	if s.Issued < 2000 || s.PushDeadline == "" {
		t.Fatalf("got %d issued, deadline %q", s.Issued, s.PushDeadline)
	}
	if ticks.Load() < 1000 {
		t.Fatalf("the clock was read %d times: the rows did not cross midnight", ticks.Load())
	}
	pending, err := e.led.Pending(context.Background(), 10000)
	if err != nil || len(pending) != s.Issued {
		t.Fatalf("pending: got %d, %v; want %d", len(pending), err, s.Issued)
	}
	for _, p := range pending {
		if got := p.Deadline.UTC().Format(time.RFC3339); got != s.PushDeadline {
			t.Fatalf("entry %d (enqueued %v): deadline %s, want the close's %s", p.ID, p.EnqueuedAt, got, s.PushDeadline)
		}
	}
	r, err := e.led.VerifyAudit(context.Background(), anyKey{e.key.Key.Public()})
	if err != nil || !r.OK() || r.Sealed != r.Entries {
		t.Fatalf("audit verify: got %+v, %v", r, err)
	}
}
