package conversion

import "runtime"

// The makers. With PDFs a certificate's face, its signature and its file
// are most of a conversion's work, and every Go processor makes
// certificates. Without PDFs making one (its record's SM2 signature; its QR
// token is checked, not signed: issuance.Config.NoQRToken) costs less than
// committing it does, and the committer is one
// goroutine: with a maker on each processor it waited for a CPU behind them
// while they waited on its full queue (docs/BENCHMARKS.md, round 11). So one
// processor is left to the serial stages — the reader, the committer, the
// audit grower — and one more maker stands by: it makes certificates only
// while the committer has fewer than a quarter of the queue waiting, so that
// a committer faster than the makers (a fast disk, a CPU slow at SM2) is
// still fed by as many as before.

// makers is how many makers work all the time on procs Go processors and
// cpus CPUs, and whether one more stands by. Without PDFs they are counted
// from the CPUs when there are more processors than CPUs: a long-lived
// process (the console) that ran a conversion with PDFs keeps the processors
// it added for it (agency's widenProcs), and a later conversion without PDFs
// would otherwise run three makers and the standby on two cores.
func makers(procs, cpus int, pdf bool) (always int, standby bool) {
	if pdf {
		return max(procs, 1), false
	}
	procs = min(procs, max(cpus, 1))
	if procs < 2 {
		return max(procs, 1), false
	}
	return procs - 1, true
}

// defaultMakers is makers for this process's processors and CPUs.
func defaultMakers(pdf bool) (always int, standby bool) {
	return makers(runtime.GOMAXPROCS(0), runtime.NumCPU(), pdf)
}

// standby is the maker that works while the committer is short.
type standby struct {
	short chan struct{} // the committer is short (poke)
	done  chan struct{} // closed once the reader has sent every job
}

func newStandby() *standby {
	return &standby{short: make(chan struct{}, 1), done: make(chan struct{})}
}

// isShort reports whether a queue holding n of capacity results leaves the
// committer short.
func isShort(n, capacity int) bool { return n < capacity/4 }

// poke wakes the standby maker if results leaves the committer short. It
// never blocks; a nil standby does nothing.
func (s *standby) poke(results <-chan result) {
	if s == nil || !isShort(len(results), cap(results)) {
		return
	}
	select {
	case s.short <- struct{}{}:
	default: // woken already
	}
}

// work makes, after each poke, certificates of jobs until results holds a
// quarter of its capacity, and returns once the jobs are done.
func (s *standby) work(mk func(job) result, jobs <-chan job, results chan<- result) {
	for {
		select {
		case <-s.short:
		case <-s.done:
			return
		}
		for isShort(len(results), cap(results)) {
			j, ok := <-jobs
			if !ok {
				return
			}
			results <- mk(j)
		}
	}
}
