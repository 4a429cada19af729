package pdfsig

import (
	"fmt"
	"strings"
	"testing"
)

// withEleven returns ns and, where an int holds it (not on 32-bit systems),
// the eleven-digit 12345678901.
func withEleven(ns ...int) []int {
	if big := int64(12345678901); int64(int(big)) == big {
		ns = append(ns, int(big))
	}
	return ns
}

// TestPadded: the xref's fixed-width numbers, as fmt's %0Nd writes them.
func TestPadded(t *testing.T) {
	for _, n := range withEleven(0, 1, 9, 10, 12345, 99999, 100000, 1234567890) {
		for _, width := range []int{5, 10} {
			w := &writer{b: []byte("x")}
			if got, want := string(w.padded(n, width).b), fmt.Sprintf("x%0*d", width, n); got != want {
				t.Errorf("padded(%d, %d) = %q, want %q", n, width, got, want)
			}
		}
	}
}

// TestFill: n copies of a byte after what is there, for any n.
func TestFill(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 2, 3, 7, 8, 9, 3482, 3490} {
		w := &writer{b: []byte("<")}
		if got, want := string(w.fill('0', n).b), "<"+strings.Repeat("0", max(n, 0)); got != want {
			t.Errorf("fill('0', %d) = %d bytes, want %d", n, len(got), len(want))
		}
	}
}

// TestAppendPadded: the ByteRange's numbers, as fmt's %*d writes them.
func TestAppendPadded(t *testing.T) {
	for _, n := range withEleven(0, 7, 146408, 1234567890) {
		if got, want := string(appendPadded([]byte("["), n, 10)), fmt.Sprintf("[%*d", 10, n); got != want {
			t.Errorf("appendPadded(%d, 10) = %q, want %q", n, got, want)
		}
	}
}
