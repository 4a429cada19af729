package ledger

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestDuplicateNumberRace: two ledgers on one file (two processes, each with
// the fast path's connection of its own) commit, at the same moment, groups
// from two stations that name the same certificate numbers. Every number is
// issued once: one group commits whole, the other is refused whole with
// ErrDuplicateNumber, whatever the write path and wherever the uniqueness
// is enforced.
func TestDuplicateNumberRace(t *testing.T) {
	ctx := context.Background()
	ls, path := twoLedgers(t)
	stations := [2]string{"S01", "S02"}
	const rounds, size = 12, 80
	won := [2]int{}
	for round := range rounds {
		var groups [2][]Issuance
		for i, st := range stations {
			next, err := ls[i].NextSerial(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			for k := range size {
				is := issuance(st, next+uint64(k), "")
				is.Number = fmt.Sprintf("SAME-%d-%d", round, k+i*size/2) // the groups share half their numbers
				groups[i] = append(groups[i], is)
			}
		}
		var errs [2]error
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range ls {
			wg.Go(func() { <-start; errs[i] = ls[i].IssueBatch(ctx, groups[i]) })
		}
		close(start)
		wg.Wait()
		switch {
		case errs[0] == nil && errs[1] == nil:
			t.Fatalf("round %d: both groups committed, sharing %d numbers", round, size/2)
		case errs[0] != nil && errs[1] != nil:
			t.Fatalf("round %d: both groups refused: %v; %v", round, errs[0], errs[1])
		}
		for i, err := range errs {
			if err == nil {
				won[i]++
			} else if !errors.Is(err, ErrDuplicateNumber) {
				t.Fatalf("round %d, station %s: got %v, want ErrDuplicateNumber", round, stations[i], err)
			}
		}
	}
	var certs, numbers int
	if err := ls[0].db.QueryRowContext(ctx, "SELECT count(*), count(DISTINCT number) FROM certificates").Scan(&certs, &numbers); err != nil {
		t.Fatal(err)
	}
	if certs != rounds*size || numbers != certs {
		t.Errorf("%d certificates with %d distinct numbers, want %d of each", certs, numbers, rounds*size)
	}
	checkConsistent(t, path)
	t.Logf("groups won: %s %d, %s %d", stations[0], won[0], stations[1], won[1])
}

// twoLedgers opens one ledger file twice, as two processes would, and
// returns both and the file's path.
func twoLedgers(t *testing.T) ([2]*Ledger, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	var ls [2]*Ledger
	for i := range ls {
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		ls[i] = l
	}
	return ls, path
}
