package ledger

import (
	"strings"
	"testing"
)

// stemBySplit is stem as it was first written: split at the dots, refuse an
// empty part or fewer than four, drop the last two.
func stemBySplit(identifier string) string {
	parts := strings.Split(identifier, ".")
	if len(parts) < 4 {
		return ""
	}
	for _, p := range parts {
		if p == "" {
			return ""
		}
	}
	return strings.Join(parts[:len(parts)-2], ".")
}

func TestStem(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"1.2.156.3005.2.11100000000013338W.S01A.S01A00001.001.E", "1.2.156.3005.2.11100000000013338W.S01A.S01A00001"},
		{"a.b.c.d", "a.b"},
		{"a.b.c", ""},
		{"", ""},
		{".a.b.c.d", ""},
		{"a.b.c.d.", ""},
		{"a..b.c.d", ""},
		{"a.b.c..d", ""},
		{"....", ""},
		{"a.b.c.d.e", "a.b.c"},
	} {
		if got := stem(tt.in); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := stemBySplit(tt.in); got != tt.want {
			t.Errorf("the table is wrong for %q: split gives %q", tt.in, got)
		}
	}
}

func FuzzStem(f *testing.F) {
	f.Add("1.2.156.3005.2.11100000000013338W.S01A.S01A00001.001.E")
	f.Add("a..b.c.d")
	f.Fuzz(func(t *testing.T, id string) {
		if got, want := stem(id), stemBySplit(id); got != want {
			t.Errorf("stem(%q) = %q, want %q", id, got, want)
		}
	})
}
