package agency

import (
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
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
