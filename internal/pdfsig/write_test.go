package pdfsig

import (
	"fmt"
	"testing"
)

// TestPadded: the xref's fixed-width numbers, as fmt's %0Nd writes them.
func TestPadded(t *testing.T) {
	for _, n := range []int{0, 1, 9, 10, 12345, 99999, 100000, 1234567890, 12345678901} {
		for _, width := range []int{5, 10} {
			w := &writer{b: []byte("x")}
			if got, want := string(w.padded(n, width).b), fmt.Sprintf("x%0*d", width, n); got != want {
				t.Errorf("padded(%d, %d) = %q, want %q", n, width, got, want)
			}
		}
	}
}
