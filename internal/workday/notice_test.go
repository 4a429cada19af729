package workday

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const reference = "/work/shared/reference/holiday-cn"

// TestHolidayCNMatchesTable imports the holiday-cn files the table was
// compiled from and checks that they give the same calendar.
func TestHolidayCNMatchesTable(t *testing.T) {
	if _, err := os.Stat(reference); err != nil {
		t.Skip("holiday-cn reference files not here")
	}
	for y := 2019; y <= 2026; y++ {
		n, err := ReadNotice(filepath.Join(reference, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")+".json"))
		if err != nil {
			t.Fatal(err)
		}
		c := Official().With(n, "test")
		for d := time.Date(y, 1, 1, 12, 0, 0, 0, Shanghai); d.Year() == y; d = d.AddDate(0, 0, 1) {
			got, _ := c.IsWorkday(d)
			want, _ := Official().IsWorkday(d)
			if got != want {
				t.Errorf("%s: imported says work=%v, table says %v", d.Format(time.DateOnly), got, want)
			}
		}
	}
}

func TestNotAnnouncedIsRefused(t *testing.T) {
	_, err := ParseHolidayCN([]byte(`{"year": 2027, "papers": [], "days": []}`))
	if err == nil || !strings.Contains(err.Error(), "lists no days") {
		t.Errorf("an empty 2027 notice: got %v, want a refusal", err)
	}
}

func TestParseHostile(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not JSON", `{"year":`, "not holiday-cn JSON"},
		{"bad date", `{"year":2028,"days":[{"name":"x","date":"2028-02-30","isOffDay":true}]}`, "is not a YYYY-MM-DD date"},
		{"far date", `{"year":2028,"days":[{"name":"x","date":"2031-01-01","isOffDay":true}]}`, "too far"},
		{"twice", `{"year":2028,"days":[{"name":"x","date":"2028-01-01","isOffDay":true},{"name":"x","date":"2028-01-01","isOffDay":false}]}`, "listed twice"},
		{"no isOffDay", `{"year":2028,"days":[{"name":"x","date":"2028-01-01"}]}`, "has no isOffDay"},
		{"newline in name", `{"year":2028,"days":[{"name":"x\nyear 1999","date":"2028-01-01","isOffDay":true}]}`, "line breaks"},
		{"year", `{"year":99,"days":[{"name":"x","date":"2028-01-01","isOffDay":true}]}`, "plausible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseHolidayCN([]byte(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	for _, in := range []string{"year: 2028\nholidays:\n  - name: x\n    off: [2028-01-01..2029-01-01]\n",
		"year: 2028\nholidays:\n  - name: x\n    off: [2028-01-05..2028-01-01]\n", "year: 2028\nbogus: 1\n"} {
		if _, err := ParseYAML([]byte(in)); err == nil {
			t.Errorf("ParseYAML(%q): got nil error", in)
		}
	}
}

const yaml2027 = `year: 2027
source: typed from the notice
holidays:
  - name: 元旦
    off: [2027-01-01..2027-01-03]
  - name: 春节
    off: [2027-02-06..2027-02-12]
    work: [2027-02-13]
`

func TestImportYAMLWins(t *testing.T) {
	dir := t.TempDir()
	n, err := ParseYAML([]byte(yaml2027))
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Days) != 11 {
		t.Fatalf("got %d days, want 11", len(n.Days))
	}
	if _, err := Save(dir, n); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if known, src := c.Known(2027); !known || !strings.Contains(src, "workspace") {
		t.Errorf("2027 after import: known=%v source=%q", known, src)
	}
	if d := c.After(day("2026-12-31 10:00"), 1); d.Provisional || !d.At.Equal(day("2027-01-05 00:00")) {
		t.Errorf("deadline over the imported New Year: got %v", d)
	}
	if w, _ := c.IsWorkday(day("2027-02-13 10:00")); !w {
		t.Error("the adjusted Saturday 2027-02-13 is not a working day")
	}
	if _, known := Official().IsWorkday(day("2027-02-13 10:00")); known {
		t.Error("importing changed the embedded table")
	}
	// A re-import of 2026 replaces the table's 2026: here with a day less.
	n26 := &Notice{Year: 2026, Days: []Day{{Date: "2026-01-01", Off: true, Name: "元旦"}}}
	if _, err := Save(dir, n26); err != nil {
		t.Fatal(err)
	}
	c, _ = Load(dir)
	if w, _ := c.IsWorkday(day("2026-10-01 10:00")); !w {
		t.Error("the imported 2026 did not replace the table's 2026")
	}
}

func TestLoadRefusesBadFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "2030.txt"), []byte("year 2030\nnonsense\n"), 0o644)
	if _, err := Load(dir); err == nil {
		t.Error("a damaged workspace calendar was loaded")
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
		prov     bool
	}{
		{"2026-10-01", "2026-10-10", 3, false}, // 8, 9 and the adjusted Saturday 10
		{"2026-02-14", "2026-02-28", 6, false}, // Sat 14 (work), 24–27, Sat 28 (work)
		{"2026-11-23", "2026-11-23", 1, false},
		{"2026-11-24", "2026-11-23", 0, false},
		{"2026-12-28", "2027-01-08", 10, true},
	}
	for _, tt := range tests {
		got, prov := Official().Count(day(tt.from+" 12:00"), day(tt.to+" 12:00"))
		if got != tt.want || (len(prov) > 0) != tt.prov {
			t.Errorf("Count(%s, %s) = %d %v; want %d provisional=%v", tt.from, tt.to, got, prov, tt.want, tt.prov)
		}
	}
}

func TestOneWorkingDayAcrossHolidays(t *testing.T) {
	tests := []struct{ from, want string }{
		{"2026-02-13 15:00", "2026-02-14"}, // Friday before Spring Festival: the adjusted Saturday
		{"2026-02-14 15:00", "2026-02-24"}, // the adjusted Saturday itself: after the holidays
		{"2026-02-27 15:00", "2026-02-28"}, // Friday: the adjusted Saturday 02-28
		{"2026-09-19 11:00", "2026-09-20"}, // a Saturday change: due on the adjusted Sunday
		{"2026-09-30 11:00", "2026-10-08"}, // National Day
		{"2026-10-09 11:00", "2026-10-10"}, // the adjusted Saturday after National Day
		{"2025-01-26 11:00", "2025-01-27"}, // the adjusted Sunday before Spring Festival 2025
	}
	for _, tt := range tests {
		d := Official().After(day(tt.from), OfflineDays)
		if want := day(tt.want+" 00:00").AddDate(0, 0, 1); !d.At.Equal(want) || d.Provisional {
			t.Errorf("1 working day after %s: got %s, want the end of %s", tt.from, d.At, tt.want)
		}
	}
}

func TestYear(t *testing.T) {
	s := Official().Year(2026)
	if !s.Known || s.Provisional || len(s.Days) != 39 || s.Workdays != 248 {
		t.Errorf("2026: known=%v provisional=%v days=%d workdays=%d", s.Known, s.Provisional, len(s.Days), s.Workdays)
	}
	if s := Official().Year(2027); s.Known || !s.Provisional || s.Workdays != 261 {
		t.Errorf("2027: known=%v provisional=%v workdays=%d; want unknown, provisional, 261 weekdays", s.Known, s.Provisional, s.Workdays)
	}
}

func FuzzParseNotice(f *testing.F) {
	f.Add([]byte(yaml2027))
	f.Add([]byte(`{"year":2028,"days":[{"name":"x","date":"2028-01-01","isOffDay":true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func([]byte) (*Notice, error){ParseHolidayCN, ParseYAML} {
			n, err := parse(data)
			if err != nil {
				continue
			}
			if _, err := Parse(n.Text()); err != nil {
				t.Fatalf("a valid notice does not round-trip: %v\n%s", err, n.Text())
			}
		}
	})
}

// TestHolidayCNRoundTrip writes the embedded 2026 notice in the holiday-cn
// format and imports it back.
func TestHolidayCNRoundTrip(t *testing.T) {
	var n26 *Notice
	for _, n := range Official().notices() {
		if n.Year == 2026 {
			n26 = n
		}
	}
	var b strings.Builder
	b.WriteString(`{"year": 2026, "papers": ["https://www.gov.cn/"], "days": [`)
	for i, d := range n26.Days {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name": %q, "date": %q, "isOffDay": %v}`, d.Name, d.Date, d.Off)
	}
	b.WriteString("]}")
	dir := t.TempDir()
	path := filepath.Join(dir, "2026.json")
	os.WriteFile(path, []byte("\ufeff"+b.String()), 0o644)
	got, err := ReadNotice(path)
	if err != nil || got.Text() != strings.Replace(n26.Text(), "year 2026\n", "year 2026\nsource https://www.gov.cn/\n", 1) {
		t.Errorf("round trip: got %v\n%s\nwant\n%s", err, got.Text(), n26.Text())
	}
	if _, err := ReadNotice(dir); err == nil {
		t.Error("a directory was read as a notice")
	}
}

func TestWorkingTime(t *testing.T) {
	tests := []struct {
		from, to string
		want     time.Duration
	}{
		{"2026-09-30 18:00", "2026-10-09 00:00", 30 * time.Hour}, // 6 h of the 30th, all of the 8th
		{"2026-11-20 12:00", "2026-11-24 00:00", 36 * time.Hour}, // Friday afternoon and Monday
		{"2026-11-24 12:00", "2026-11-24 06:00", 0},
		{"2026-02-14 20:00", "2026-02-25 00:00", 28 * time.Hour}, // adjusted Saturday evening and the 24th
	}
	for _, tt := range tests {
		if got, _ := Official().WorkingTime(day(tt.from), day(tt.to)); got != tt.want {
			t.Errorf("WorkingTime(%s, %s) = %s, want %s", tt.from, tt.to, got, tt.want)
		}
	}
}
