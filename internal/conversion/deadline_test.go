package conversion_test

import (
	"context"
	"crypto"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"ezz/internal/register/regtest"
	"ezz/internal/workday"
)

// anyKey answers every key id with the one issuing key.
type anyKey struct{ crypto.PublicKey }

func (k anyKey) Lookup(string) (crypto.PublicKey, error) { return k.PublicKey, nil }

// TestDeadlineAcrossMidnight: rows issued before midnight (Asia/Shanghai)
// were written with the deadline of a close that day; the batch closes
// after midnight, and every entry gets the close's deadline. The audit tree
// verifies under the close's head (3,000 entries are fewer than a grower's
// round, so the close grows it all; TestReaderFailsMidRunWithStandby runs a
// conversion through a round).
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

// TestFirstCloseGivesDeadline: a run killed after its last commit but before
// the close leaves every row issued and the batch open; the rerun issues
// nothing, yet its close is the batch's first, the conclusion of all of its
// certificates (docs/deadlines.md): they get that close's deadline, not the
// one their rows were written with two days before, and the summary says it.
func TestFirstCloseGivesDeadline(t *testing.T) {
	ctx := context.Background()
	reg := filepath.Join(t.TempDir(), "register.xlsx")
	if err := regtest.Synthetic(reg, 20); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, t.TempDir(), false)
	first := e.run(t, e.options(reg))
	// As a kill before the close leaves it: the batch open, its rows issued.
	db, err := sql.Open("sqlite", e.led.Path())
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.ExecContext(ctx, "UPDATE batches SET concluded_at = NULL")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	later := clock.Add(48 * time.Hour) // Wednesday
	o := e.options(reg)
	o.Now = func() time.Time { return later }
	s := e.run(t, o)
	want := workday.Official().After(later, workday.BulkDays).At.UTC().Format(time.RFC3339)
	if s.Issued != 0 || s.Already != first.Issued || s.PushDeadline != want || want == first.PushDeadline {
		t.Fatalf("rerun: issued %d, already %d, push deadline %q; want 0, %d, %q (the first run's was %q)",
			s.Issued, s.Already, s.PushDeadline, first.Issued, want, first.PushDeadline)
	}
	pending, err := e.led.Pending(ctx, 100)
	if err != nil || len(pending) != first.Issued {
		t.Fatalf("pending: got %d, %v; want %d", len(pending), err, first.Issued)
	}
	for _, p := range pending {
		if got := p.Deadline.UTC().Format(time.RFC3339); got != want {
			t.Errorf("entry %d: deadline %s, want the first close's %s", p.ID, got, want)
		}
	}
}
