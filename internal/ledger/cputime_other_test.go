//go:build !unix

package ledger

import "time"

// cpuTime is zero where getrusage(2) is missing: the benchmarks report no CPU time.
func cpuTime() time.Duration { return 0 }
