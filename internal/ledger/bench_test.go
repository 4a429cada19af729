package ledger

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkIssueBatch issues b.N certificates (2 KiB signed records) in
// groups of 1, 64 and 256 rows per transaction, with synchronous FULL and NORMAL.
func BenchmarkIssueBatch(b *testing.B) {
	for _, sync := range []string{"FULL", "NORMAL"} {
		for _, group := range []int{1, 64, 256, 1024} {
			b.Run(fmt.Sprintf("sync=%s/group=%d", sync, group), func(b *testing.B) {
				benchIssue(b, sync, group)
			})
		}
	}
}

func benchIssue(b *testing.B, sync string, group int) {
	prev := syncMode
	syncMode = sync
	defer func() { syncMode = prev }()
	l := openTest(b)
	batch := benchBatch(b, l)
	b.ResetTimer()
	start := time.Now()
	issueN(b, l, batch, group, nil)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "rows/s")
}

// BenchmarkIssueBatchHolders is IssueBatch (256 rows a transaction, FULL)
// with every row of one holder, as BenchmarkIssueBatch has it, and with a
// different holder code per row, as a real register has it: the holder index
// then takes a random leaf page per row instead of always the same one.
func BenchmarkIssueBatchHolders(b *testing.B) {
	for _, random := range []bool{false, true} {
		b.Run(fmt.Sprintf("random=%v", random), func(b *testing.B) {
			l := openTest(b)
			batch := benchBatch(b, l)
			var holder func(*Issuance)
			if random {
				rng := rand.New(rand.NewPCG(1, 2))
				holder = func(i *Issuance) { i.HolderCode = fmt.Sprintf("91%016d", rng.Int64N(1e16)) }
			}
			b.ResetTimer()
			cpu0 := cpuTime()
			issueN(b, l, batch, 256, holder)
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/row")
		})
	}
}

// benchBatch opens a batch in l for a benchmark's rows and returns its ID.
func benchBatch(b *testing.B, l *Ledger) string {
	bt, _, err := l.OpenBatch(context.Background(), Batch{Station: "S01", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
	if err != nil {
		b.Fatal(err)
	}
	return bt.ID
}

// issueN issues b.N certificates with 2 KiB records in batch, group rows a
// transaction; edit, unless nil, changes each row first.
func issueN(b *testing.B, l *Ledger, batch string, group int, edit func(*Issuance)) {
	ctx := context.Background()
	record := bytes.Repeat([]byte("r"), 2048)
	for n := 1; n <= b.N; {
		is := make([]Issuance, 0, group)
		for ; len(is) < group && n <= b.N; n++ {
			i := issuance("S01", uint64(n), batch)
			i.Record = record
			if edit != nil {
				edit(&i)
			}
			is = append(is, i)
		}
		if err := l.IssueBatch(ctx, is); err != nil {
			b.Fatal(err)
		}
	}
}
