package sheet

import (
	"slices"
	"testing"
)

// TestSharedTypes: rows whose types are the same share one slice, a row
// whose types differ gets its own, and the scratch a reader hands in is
// never kept (changing it changes no row's types).
func TestSharedTypes(t *testing.T) {
	var s sharedTypes
	text, date := Type{Kind: String}, Type{Kind: Number, Format: "yyyy-mm-dd"}
	scratch := []Type{text, date}
	a := s.of(scratch)
	scratch[1] = text
	b := s.of(scratch)
	scratch[1] = date
	c := s.of(scratch)
	d := s.of(scratch)
	scratch[0] = date
	if want := []Type{text, date}; !slices.Equal(a, want) || !slices.Equal(c, want) {
		t.Fatalf("got %v and %v, want %v for both", a, c, want)
	}
	if !slices.Equal(b, []Type{text, text}) {
		t.Fatalf("got %v, want %v", b, []Type{text, text})
	}
	if &c[0] != &d[0] {
		t.Error("two rows of the same types do not share their slice")
	}
	if &a[0] == &b[0] || &b[0] == &c[0] {
		t.Error("rows of other types share a slice")
	}
	if s.of(nil) != nil || s.of(scratch[:0]) != nil {
		t.Error("a row without cells has types")
	}
}
