package conversion_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/conversion"
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
