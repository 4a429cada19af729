package conversion_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/conversion"
	"ezz/internal/issuance"
	"ezz/internal/register/regtest"
)

// TestSameBatchAtOnce: a second conversion of the register a conversion is
// working on is refused while the first runs (it used to remove the first
// one's staged PDFs as leftovers, leaving certificates in the ledger with no
// PDF), and runs once the first has ended, finding everything issued.
func TestSameBatchAtOnce(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "register.xlsx")
	const rows = 40
	if err := regtest.Synthetic(reg, rows); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(dir, "home"), true)
	o := e.options(reg)
	o.Group = 4
	var second error
	tried := false
	o.Progress = func(p conversion.Progress) {
		if !tried { // a tick while the first runs, or its last report before it ends
			tried = true
			_, second = conversion.Run(context.Background(), e.options(reg))
		}
	}
	s := e.run(t, o)
	if second == nil || !strings.Contains(second.Error(), "another ezz convert is converting batch") {
		t.Fatalf("the second conversion while the first ran: %v; want it refused", second)
	}
	checkBatch(t, e, s)
	checkNoOrphans(t, e)
	again := e.run(t, e.options(reg))
	if again.Issued != 0 || again.Already != rows {
		t.Errorf("after the first: issued %d, already %d; want 0 and %d", again.Issued, again.Already, rows)
	}
}

// TestWaitsForABriefHolder: an issue or a new version writing a PDF into a
// batch's directory holds its lock for milliseconds; a conversion resuming
// that batch then waits for it (it used to exit 2 as busy at once), and is
// refused, having issued nothing, only when the lock is held past LockWait.
func TestWaitsForABriefHolder(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "register.xlsx")
	const rows = 10
	if err := regtest.Synthetic(reg, rows); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(dir, "home"), true)
	first := e.run(t, e.options(reg))
	batch := filepath.Join(e.ws.OutDir(), first.Batch)

	l, err := issuance.LockDir(batch)
	if err != nil {
		t.Fatal(err)
	}
	held := time.AfterFunc(200*time.Millisecond, func() { l.Close() })
	defer held.Stop()
	o := e.options(reg)
	o.LockWait = time.Minute
	s, err := conversion.Run(context.Background(), o)
	if err != nil {
		t.Fatalf("resuming while an issue held the batch's lock for 200 ms: %v; want it to wait", err)
	}
	if s.Issued != 0 || s.Already != rows {
		t.Errorf("resumed: issued %d, already %d; want 0 and %d", s.Issued, s.Already, rows)
	}

	l, err = issuance.LockDir(batch)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	o.LockWait = 300 * time.Millisecond
	start := time.Now()
	_, err = conversion.Run(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "did not end within 300ms") {
		t.Fatalf("resuming while the lock is held past LockWait: %v; want it refused after the wait", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("refused after %v, before LockWait (300ms)", waited)
	}
}
