package agency

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// TestBoundMemory: a conversion sets its soft memory limit only when none is
// set (GOMEMLIMIT or a caller's own).
func TestBoundMemory(t *testing.T) {
	old := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(old)
	t.Setenv("GOMEMLIMIT", "")
	boundMemory()
	if got := debug.SetMemoryLimit(-1); got != convertMemory {
		t.Errorf("limit %d, want %d", got, convertMemory)
	}
	debug.SetMemoryLimit(1 << 30)
	boundMemory()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("a limit already set: %d, want it kept", got)
	}
}

// TestWidenProcs: a conversion with PDFs adds extraProcs processors once,
// and none when GOMAXPROCS is set.
func TestWidenProcs(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(before)
	t.Setenv("GOMAXPROCS", "")
	widened = sync.Once{}
	widenProcs()
	widenProcs()
	if got := runtime.GOMAXPROCS(0); got != before+extraProcs {
		t.Errorf("GOMAXPROCS %d after two conversions, want %d", got, before+extraProcs)
	}
	runtime.GOMAXPROCS(before)
	t.Setenv("GOMAXPROCS", "1")
	widened = sync.Once{}
	widenProcs()
	if got := runtime.GOMAXPROCS(0); got != before {
		t.Errorf("GOMAXPROCS %d with GOMAXPROCS set, want %d kept", got, before)
	}
}

// TestGCPercent: the goal stays gcHeadroom above a small live heap and
// falls back to the collector's own rule (100) for a large one.
func TestGCPercent(t *testing.T) {
	tests := []struct {
		live uint64
		want int
	}{
		{0, gcHeadroom * 100 / (1 << 20)},
		{8 << 20, 800},
		{10 << 20, 625},
		{11 << 20, 575}, // 581 in steps of 25
		{gcHeadroom, 100},
		{4 * gcHeadroom, 100},
	}
	for _, tt := range tests {
		if got := gcPercent(tt.live); got != tt.want {
			t.Errorf("gcPercent(%d MB) = %d, want %d", tt.live>>20, got, tt.want)
		}
	}
}

// TestPaceGC: while a conversion runs the GC percent follows the live heap;
// after it the percent is back as it was, and a GOGC the user set is kept.
func TestPaceGC(t *testing.T) {
	t.Setenv("GOGC", "")
	old := debug.SetGCPercent(150)
	defer debug.SetGCPercent(old)
	stop := paceGC()
	runtime.GC()
	time.Sleep(3 * gcPaceEvery)
	during := debug.SetGCPercent(-1)
	debug.SetGCPercent(during)
	stop()
	if during <= 150 {
		t.Errorf("GC percent %d during the conversion, want the headroom's (live heap %d MB)", during, liveHeap()>>20)
	}
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GC percent %d after the conversion, want 150 back", got)
	}
	t.Setenv("GOGC", "150")
	stop = paceGC()
	time.Sleep(2 * gcPaceEvery)
	during = debug.SetGCPercent(150)
	stop()
	if during != 150 {
		t.Errorf("GC percent %d with GOGC=150 set, want it kept", during)
	}
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestPaceGCOverlapping: two conversions that overlap leave the GC percent
// as they found it, whichever ends first, and a stop called twice counts once.
func TestPaceGCOverlapping(t *testing.T) {
	t.Setenv("GOGC", "")
	old := debug.SetGCPercent(150)
	defer debug.SetGCPercent(old)
	a := paceGC()
	time.Sleep(2 * gcPaceEvery)
	b := paceGC()
	a()
	a()
	time.Sleep(2 * gcPaceEvery)
	during := debug.SetGCPercent(-1)
	debug.SetGCPercent(during)
	b()
	if during <= 150 {
		t.Errorf("GC percent %d while the second conversion runs, want the headroom's", during)
	}
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GC percent %d after both, want 150 back", got)
	}
}
