package agency

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// gcHeadroom is how far past the live heap a conversion lets the Go heap
// grow before the collector runs. The collector's own rule (GOGC=100) grows
// the heap by the live heap: once the fonts and the duplicate check's table
// left the heap (font/offheap_linux.go, register/slots_unix.go), its ≈10 MB
// of live heap meant a collection every ≈10 MB allocated — 58 instead of 17
// in 20,000 rows, ≈1 s more CPU (docs/BENCHMARKS.md, round 6, mem). A fixed
// headroom keeps collections as rare as they were while the heap stays
// flat: the live heap no longer grows with the rows.
const gcHeadroom = 64 << 20

// gcPaceEvery is how often the pacer looks at the live heap.
const gcPaceEvery = 200 * time.Millisecond

// pacing counts the conversions under way: the first starts the pacer, the
// last stops it, so that overlapping ones (the console's, tests) leave the
// GC percent as they found it.
var pacing struct {
	sync.Mutex
	n    int
	stop func()
}

// paceGC keeps the collector's goal at gcHeadroom above the live heap, or
// at twice the live heap when that is more, until the returned function is
// called; the last conversion to call it restores the GC percent. It leaves
// a GOGC the user set alone.
func paceGC() (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	pacing.Lock()
	defer pacing.Unlock()
	if pacing.n++; pacing.n == 1 {
		pacing.stop = startPacer()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pacing.Lock()
			defer pacing.Unlock()
			if pacing.n--; pacing.n == 0 {
				pacing.stop()
			}
		})
	}
}

// startPacer sets the GC percent from the live heap every gcPaceEvery until
// the returned function is called, which restores the percent.
func startPacer() (stop func()) {
	prev := debug.SetGCPercent(100)
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(gcPaceEvery)
		defer tick.Stop()
		for set := 0; ; {
			metrics.Read(live)
			if p := gcPercent(live[0].Value.Uint64()); p != set {
				debug.SetGCPercent(p)
				set = p
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-exited
		debug.SetGCPercent(prev)
	}
}

// gcPercent is the GC percent that puts the goal gcHeadroom above a live
// heap of live bytes, at least 100, in steps of 25 so that small changes of
// the live heap do not reset it.
func gcPercent(live uint64) int {
	p := int(gcHeadroom * 100 / max(live, 1<<20))
	return max(100, p/25*25)
}
