package ledger

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkIssueBatchLarge issues 200,000 certificates (1,600-byte records, a
// converted register's average, 256 a transaction, FULL) into one new ledger,
// each with a random holder code and a random certificate number, as a big
// register has them: once the indexes outgrow the page cache, each row
// dirties leaf pages of its own. It reports the CPU a row of the first and of
// the last 20,000 rows, so that the fall-off of a growing ledger shows, and
// the whole run's read and write system calls and bytes a row
// (/proc/self/io, Linux), which repeat from run to run where CPU time does
// not on a shared machine. Run it with -benchtime 1x: each iteration is a
// whole new ledger.
func BenchmarkIssueBatchLarge(b *testing.B) {
	const rows, part = 200_000, 20_000
	ctx := context.Background()
	record := bytes.Repeat([]byte("r"), 1600)
	var first, last, all float64
	ios := map[string]float64{}
	for i := 0; i < b.N; i++ {
		l := openTest(b)
		batch := benchBatch(b, l)
		rng := rand.New(rand.NewPCG(1, 2))
		io0 := procIO()
		cpu0 := cpuTime()
		cpuFirst, cpuLast0 := cpu0, cpu0
		nFirst, nLast := 0, 0 // rows issued by cpuFirst, and by cpuLast0
		for n := 1; n <= rows; {
			is := make([]Issuance, 0, 256)
			for ; len(is) < 256 && n <= rows; n++ {
				in := issuance("S01", uint64(n), batch)
				in.Record = record
				in.HolderCode = fmt.Sprintf("91%016d", rng.Int64N(1e16))
				in.Number = fmt.Sprintf("SP%016d", rng.Int64N(1e16))
				is = append(is, in)
			}
			if err := l.IssueBatch(ctx, is); err != nil {
				b.Fatal(err)
			}
			if nFirst == 0 && n-1 >= part {
				cpuFirst, nFirst = cpuTime(), n-1
			}
			if nLast == 0 && n-1 >= rows-part {
				cpuLast0, nLast = cpuTime(), n-1
			}
		}
		end, io1 := cpuTime(), procIO()
		for k, v := range io1 {
			ios[k] += float64(v-io0[k]) / rows
		}
		first += float64((cpuFirst - cpu0).Microseconds()) / float64(nFirst)
		last += float64((end - cpuLast0).Microseconds()) / float64(rows-nLast)
		all += float64((end - cpu0).Microseconds()) / rows
		l.Close()
	}
	b.ReportMetric(first/float64(b.N), "first-cpu-µs/row")
	b.ReportMetric(last/float64(b.N), "last-cpu-µs/row")
	b.ReportMetric(all/float64(b.N), "cpu-µs/row")
	for k, v := range ios {
		b.ReportMetric(v/float64(b.N), k+"/row")
	}
}

// procIO reads the process's read and write system calls (syscr, syscw) and
// bytes (rchar, wchar) from /proc/self/io; where there is none, it is empty.
func procIO() map[string]int64 {
	m := map[string]int64{}
	text, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(text), "\n") {
		k, v, ok := strings.Cut(line, ": ")
		if !ok || (k != "syscr" && k != "syscw" && k != "rchar" && k != "wchar") {
			continue
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			m[k] = n
		}
	}
	return m
}
