//go:build !unix

package register

// newSlots returns a zeroed table of n slots (in the Go heap here; see
// slots_unix.go).
func newSlots(n int) ([]uint64, error) { return make([]uint64, n), nil }

func freeSlots([]uint64) {}
