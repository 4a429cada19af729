package workday

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAfter(t *testing.T) {
	tests := []struct {
		name        string
		from        string
		n           int
		want        string // the day whose end is the deadline
		provisional bool
	}{
		{"ordinary Tuesday", "2026-11-24 10:00", 1, "2026-11-25", false},
		{"Friday to Monday", "2026-11-20 16:30", 1, "2026-11-23", false},
		{"five days over a weekend", "2026-11-19 09:00", 5, "2026-11-26", false},
		{"before National Day and Mid-Autumn", "2026-09-24 10:00", 1, "2026-09-28", false},
		{"into the Golden Week", "2026-09-30 10:00", 1, "2026-10-08", false},
		{"adjusted Saturday counts", "2026-10-08 10:00", 2, "2026-10-10", false},
		{"Spring Festival 2025", "2025-01-27 10:00", 1, "2025-02-05", false},
		{"bulk over Spring Festival 2025 (adjusted Sunday 01-26 counts)", "2025-01-24 10:00", 5, "2025-02-07", false},
		{"late evening counts as that day", "2026-11-24 23:59", 1, "2026-11-25", false},
		{"into 2027: not announced", "2026-12-31 10:00", 1, "2027-01-01", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Official().After(day(tt.from), tt.n)
			want := day(tt.want+" 00:00").AddDate(0, 0, 1)
			if !d.At.Equal(want) || d.Provisional != tt.provisional {
				t.Errorf("got %s provisional=%v, want %s provisional=%v", d.At, d.Provisional, want, tt.provisional)
			}
		})
	}
}

func TestUTCInput(t *testing.T) {
	// 2026-11-20 17:00 UTC is already Saturday in Shanghai.
	d := Official().After(time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC), 1)
	if want := day("2026-11-24 00:00"); !d.At.Equal(want) {
		t.Errorf("got %s, want %s", d.At, want)
	}
}

func TestParse(t *testing.T) {
	if _, err := Parse("year 2030\n2030-13-01 off x\n"); err == nil {
		t.Error("a bad date was accepted")
	}
	if _, err := Parse("2030-01-01 maybe\n"); err == nil {
		t.Error("a bad kind was accepted")
	}
	c, err := Parse("# comment\nyear 2030\n2030-01-01 off 元旦\n2030-01-05 work 调休\n")
	if err != nil {
		t.Fatal(err)
	}
	if w, k := c.IsWorkday(day("2030-01-05 12:00")); !w || !k {
		t.Errorf("adjusted Saturday: work=%v known=%v", w, k)
	}
	if w, _ := c.IsWorkday(day("2030-01-01 12:00")); w {
		t.Error("New Year's Day is a working day")
	}
}
