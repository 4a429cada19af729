package ledger

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// benchEntries is the size of the log BenchmarkAuditVerify checks:
// EZZ_BENCH_AUDIT_ENTRIES, default 100,000 (docs/BENCHMARKS.md uses 1,000,000).
func benchEntries() int {
	if n, err := strconv.Atoi(os.Getenv("EZZ_BENCH_AUDIT_ENTRIES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// fillAudit appends n issue-like events (and so n entries; one in ten an
// access entry instead) in one statement, then signs a head over them.
func fillAudit(b *testing.B, l *Ledger, keys testKeys, n int) {
	ctx := context.Background()
	start := time.Now()
	_, err := l.db.ExecContext(ctx, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT ?)
		INSERT INTO events (at, actor, station, kind, stem, identifier, batch_id, detail)
		SELECT '2026-03-02T01:30:00Z', 'clerk', 'S01', 'issue', '1.2.156.3005.2.T.I.S' || x,
			'1.2.156.3005.2.T.I.S' || x || '.001.X', 'S01-20260302-001',
			'{"type_code":"11100000000013338W032","number":"NO-' || x || '","serial":"S' || x || '","version":1,"pdf_sm3":"`+
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"+`","row_key":"Sheet1!' || x || '"}'
		FROM c WHERE x % 10 <> 0`, n)
	if err == nil {
		_, err = l.db.ExecContext(ctx, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT ?)
			INSERT INTO access_log (at, actor, station, action, subject, result)
			SELECT '2026-03-02T01:31:00Z', 'auditor', 'S01', 'verify', 'file' || x || '.pdf', 'valid' FROM c`, n/10)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d entries appended in %v", n, time.Since(start))
	start = time.Now()
	if _, err := l.MakeHead(ctx, keys.key, t0); err != nil {
		b.Fatal(err)
	}
	b.Logf("head signed (leaves and nodes stored) in %v", time.Since(start))
}

// BenchmarkAuditVerify is `ezz audit verify` of a log of benchEntries entries.
func BenchmarkAuditVerify(b *testing.B) {
	l, keys := openTest(b), newTestKeys(b)
	n := benchEntries()
	fillAudit(b, l, keys, n)
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		r, err := l.VerifyAudit(context.Background(), keys)
		if err != nil || !r.OK() || r.Entries != uint64(n/10*10) {
			b.Fatalf("got %+v, %v", r, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/verify")
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/verify")
}

// BenchmarkAuditProve is one inclusion proof from the stored nodes.
func BenchmarkAuditProve(b *testing.B) {
	l, keys := openTest(b), newTestKeys(b)
	n := benchEntries()
	fillAudit(b, l, keys, n)
	ctx := context.Background()
	head, err := l.LatestHead(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := l.InclusionProof(ctx, uint64(i*7919)%head.Size, head); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIssueBatchAudit is IssueBatch (256 rows a transaction, 2 KiB
// records) with the audit trigger, and with it dropped: what the audit log
// costs the ledger's part of a conversion (the heads and the leaves are
// made once, at the batch's close: BenchmarkAuditVerify logs that cost).
func BenchmarkIssueBatchAudit(b *testing.B) {
	for _, on := range []bool{true, false} {
		b.Run(fmt.Sprintf("audit=%v", on), func(b *testing.B) {
			l := openTest(b)
			ctx := context.Background()
			if !on {
				if _, err := l.db.ExecContext(ctx, "DROP TRIGGER events_audit"); err != nil {
					b.Fatal(err)
				}
			}
			batch := benchBatch(b, l)
			b.ResetTimer()
			cpu0 := cpuTime()
			issueN(b, l, batch, 256, nil)
			b.ReportMetric((cpuTime()-cpu0).Seconds()*1e6/float64(b.N), "cpu-µs/row")
		})
	}
}
