package agency

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// TestInOrder checks that VerifyFiles' Each sees every report once, in the
// order of the names, whatever order the workers finish in.
func TestInOrder(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		reports := make([]*Report, n)
		for i := range reports {
			reports[i] = &Report{File: string(rune('a' + i%26))}
		}
		var got []*Report
		done := inOrder(reports, func(r *Report) { got = append(got, r) })
		var wg sync.WaitGroup
		for _, i := range rand.Perm(n) {
			wg.Add(1)
			go func() { defer wg.Done(); done(i) }()
		}
		wg.Wait()
		if len(got) != n {
			t.Fatalf("n=%d: got %d reports, want %d", n, len(got), n)
		}
		for i := range got {
			if got[i] != reports[i] {
				t.Fatalf("n=%d: report %d out of order", n, i)
			}
		}
	}
}
