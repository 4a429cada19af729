package ledger

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
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
	l, err := Open(filepath.Join(b.TempDir(), "ledger.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	bt, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
	if err != nil {
		b.Fatal(err)
	}
	record := bytes.Repeat([]byte("r"), 2048)
	b.ResetTimer()
	start := time.Now()
	for n := 1; n <= b.N; {
		is := make([]Issuance, 0, group)
		for ; len(is) < group && n <= b.N; n++ {
			i := issuance("S01", uint64(n), bt.ID)
			i.Record = record
			is = append(is, i)
		}
		if err := l.IssueBatch(ctx, is); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "rows/s")
}

// BenchmarkIssueBatchHolders is IssueBatch (256 rows a transaction, FULL)
// with every row of one holder, as BenchmarkIssueBatch has it, and with a
// different holder code per row, as a real register has it: the holder index
// then takes a random leaf page per row instead of always the same one.
func BenchmarkIssueBatchHolders(b *testing.B) {
	for _, random := range []bool{false, true} {
		b.Run(fmt.Sprintf("random=%v", random), func(b *testing.B) {
			l, err := Open(filepath.Join(b.TempDir(), "ledger.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer l.Close()
			ctx := context.Background()
			bt, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
			if err != nil {
				b.Fatal(err)
			}
			record := bytes.Repeat([]byte("r"), 2048)
			rng := rand.New(rand.NewPCG(1, 2))
			b.ResetTimer()
			cpu0 := cpuTime()
			for n := 1; n <= b.N; {
				is := make([]Issuance, 0, 256)
				for ; len(is) < 256 && n <= b.N; n++ {
					i := issuance("S01", uint64(n), bt.ID)
					i.Record = record
					if random {
						i.HolderCode = fmt.Sprintf("91%016d", rng.Int64N(1e16))
					}
					is = append(is, i)
				}
				if err := l.IssueBatch(ctx, is); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/row")
		})
	}
}
