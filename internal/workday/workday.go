// Package workday knows China's working days — weekdays, minus State Council
// public holidays, plus the adjusted working days (调休) — and computes the
// legal push deadlines: 1 working day for offline issuance, 5 for bulk.
package workday

import (
	"bufio"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"
)

//go:embed calendar.txt
var calendarText string

// Shanghai is the zone working days are counted in.
var Shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// Calendar is a table of holidays and adjusted working days by year.
type Calendar struct {
	years  map[int]bool      // years whose notice is in the table
	days   map[string]bool   // YYYY-MM-DD → true for a working day, false for a day off
	names  map[string]string // YYYY-MM-DD → holiday name
	notice map[string]int    // YYYY-MM-DD → the year whose notice lists the day
	source map[int]string    // year → where its notice came from ("" for the embedded table)
}

func newCalendar() *Calendar {
	return &Calendar{years: map[int]bool{}, days: map[string]bool{}, names: map[string]string{},
		notice: map[string]int{}, source: map[int]string{}}
}

var official = mustParse(calendarText)

// Official is the calendar built into ezz.
func Official() *Calendar { return official }

func mustParse(text string) *Calendar {
	c, err := Parse(text)
	if err != nil {
		panic(err) // the embedded table is checked by the tests
	}
	return c
}

// Parse reads a calendar table: "year YYYY" lines, each followed by an optional
// "source WHERE" line and "YYYY-MM-DD off|work name" lines; # starts a comment.
func Parse(text string) (*Calendar, error) {
	c := newCalendar()
	year := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
		case f[0] == "year" && len(f) == 2:
			y, err := strconv.Atoi(f[1])
			if err != nil {
				return nil, fmt.Errorf("calendar line %d: bad year %q", n, f[1])
			}
			c.years[y], year = true, y
		case f[0] == "source" && len(f) >= 2 && year != 0:
			c.source[year] = strings.Join(f[1:], " ")
		case len(f) >= 2 && (f[1] == "off" || f[1] == "work"):
			if _, err := time.Parse(time.DateOnly, f[0]); err != nil {
				return nil, fmt.Errorf("calendar line %d: %w", n, err)
			}
			c.days[f[0]] = f[1] == "work"
			c.names[f[0]] = strings.Join(f[2:], " ")
			c.notice[f[0]] = year
		default:
			return nil, fmt.Errorf("calendar line %d: want \"YYYY-MM-DD off|work NAME\"", n)
		}
	}
	return c, sc.Err()
}

// IsWorkday reports whether the day of t (in Shanghai) is a working day, and
// whether the calendar knows that day's year (else only weekends count).
func (c *Calendar) IsWorkday(t time.Time) (work, known bool) {
	t = t.In(Shanghai)
	key := t.Format(time.DateOnly)
	if w, ok := c.days[key]; ok {
		return w, true
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday, c.years[t.Year()]
}

// Deadline is the end of the n-th working day after the day of t: the instant
// (midnight in Shanghai) by which something due "within n working days" of t
// must be done. Provisional is true when a year on the way has no announced
// calendar, so holidays there could not be counted.
type Deadline struct {
	At          time.Time
	Provisional bool
}

// After returns the deadline n working days after the day of t.
func (c *Calendar) After(t time.Time, n int) Deadline {
	t = t.In(Shanghai)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Shanghai)
	d := Deadline{}
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		work, known := c.IsWorkday(day)
		if !known {
			d.Provisional = true
		}
		if work {
			n--
		}
	}
	d.At = day.AddDate(0, 0, 1)
	return d
}

// Windows of R2 (Henan e-licence measures Art. 14, Hubei Decree 401 Art. 8).
const (
	OfflineDays = 1 // offline issuance: push within 1 working day
	BulkDays    = 5 // one-off bulk issuance: within 5 working days
)
