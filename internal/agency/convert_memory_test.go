package agency

import (
	"math"
	"runtime/debug"
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
