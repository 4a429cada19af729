package ledger

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkIssuedNumbers looks up the 32 numbers of a chunk of a new
// register, none held, in a ledger of 20,000 certificates, as a
// conversion's checker does for each chunk of rows:
// go test -run '^$' -bench IssuedNumbers -benchtime 3000x ./internal/ledger
func BenchmarkIssuedNumbers(b *testing.B) {
	ctx := context.Background()
	l := openTest(b)
	for n := 1; n <= 20000; {
		var g []Issuance
		for ; len(g) < 500 && n <= 20000; n++ {
			g = append(g, issuance("S01", uint64(n), ""))
		}
		if err := l.IssueBatch(ctx, g); err != nil {
			b.Fatal(err)
		}
	}
	numbers := make([]string, 32)
	b.ResetTimer()
	for i := range b.N {
		for j := range numbers {
			numbers[j] = fmt.Sprintf("JY2420103%07d", i*32+j)
		}
		got, err := l.IssuedNumbers(ctx, testType, numbers)
		if err != nil || len(got) != 0 {
			b.Fatal(got, err)
		}
	}
}
