package issuance

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/ledger"
)

// TestPlanIssued: a conversion's chunked look-up (IssuedNumbers, then
// PlanIssued) answers as Plan does for one certificate — planned while the
// ledger does not hold its number, refused with the same identifier once it
// does, and a ledger that cannot be asked is a LookupError, not a refusal.
func TestPlanIssued(t *testing.T) {
	ctx := context.Background()
	m, vals := newMaker(t, false)
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	l, err := ledger.Open(filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	chunked := func(l *ledger.Ledger) (*Plan, error) {
		issued, err := m.IssuedNumbers(ctx, l, []map[string]string{{}, vals})
		if err != nil {
			return nil, err
		}
		return m.PlanIssued(vals, at, issued)
	}
	if _, err := m.Plan(ctx, l, vals, at); err != nil {
		t.Fatalf("Plan before the number is issued: %v", err)
	}
	if p, err := chunked(l); err != nil || p.At != at {
		t.Fatalf("PlanIssued before the number is issued: %v, %v", p, err)
	}
	cert, err := m.Make(vals, 1, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.IssueBatch(ctx, []ledger.Issuance{cert.Entry(Staged{}, Origin{Actor: "test"})}); err != nil {
		t.Fatal(err)
	}
	_, one := m.Plan(ctx, l, vals, at)
	_, many := chunked(l)
	var a, b *IssuedError
	if !errors.As(one, &a) || !errors.As(many, &b) || *a != *b || a.Identifier != cert.ID.String() {
		t.Fatalf("once issued: Plan %v, PlanIssued %v; want both refusing %s", one, many, cert.ID)
	}
	if _, err := m.PlanIssued(vals, at, Issued{}); err != nil {
		t.Errorf("PlanIssued with an answer that holds nothing: %v", err)
	}
	l.Close()
	var lookup *LookupError
	if _, err := chunked(l); !errors.As(err, &lookup) {
		t.Errorf("a closed ledger: got %v, want a LookupError", err)
	}
	if issued, err := m.IssuedNumbers(ctx, nil, []map[string]string{vals}); err != nil || len(issued) != 0 {
		t.Errorf("no ledger (a dry run): got %v, %v; want nothing held", issued, err)
	}
}
