//go:build !unix

package register

// peakRSS is zero where getrusage(2) is missing: the benchmarks report none.
func peakRSS() int64 { return 0 }
