package conversion_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"ezz/internal/register/regtest"
)

// benchRows is the register size of BenchmarkConvert; EZZ_BENCH_ROWS overrides
// it (make bench uses 10000).
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("EZZ_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// BenchmarkConvert converts a synthetic food-business register end to end:
// read, validate, issue (identifier, signed record, QR, PDF, PDF signature),
// write the files and commit the ledger. Each iteration uses a fresh
// workspace; certs/s is the figure issue 5 sets bars for.
func BenchmarkConvert(b *testing.B) {
	n := benchRows()
	reg := filepath.Join(b.TempDir(), "register.xlsx")
	if err := regtest.Synthetic(reg, n); err != nil {
		b.Fatal(err)
	}
	for _, pdf := range []bool{true, false} {
		name := fmt.Sprintf("rows=%d/pdf=%v", n, pdf)
		b.Run(name, func(b *testing.B) {
			issued := 0
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				e := newEnv(b, filepath.Join(b.TempDir(), strconv.Itoa(i)), pdf)
				b.StartTimer()
				s := e.run(b, e.options(reg))
				issued += s.Issued
			}
			b.ReportMetric(float64(issued)/b.Elapsed().Seconds(), "certs/s")
		})
	}
}
