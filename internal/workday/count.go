package workday

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Count is the number of working days from the day of from to the day of to,
// both included (0 when to is before from); provisional lists the years on
// the way whose notice is not in the calendar.
func (c *Calendar) Count(from, to time.Time) (n int, provisional []int) {
	day, last := dayOf(from), dayOf(to)
	seen := map[int]bool{}
	for ; !day.After(last); day = day.AddDate(0, 0, 1) {
		work, known := c.IsWorkday(day)
		if !known && !seen[day.Year()] {
			seen[day.Year()] = true
			provisional = append(provisional, day.Year())
		}
		if work {
			n++
		}
	}
	return n, provisional
}

func dayOf(t time.Time) time.Time {
	t = t.In(Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Shanghai)
}

// Known reports whether the year's notice is in the calendar, and where it
// came from ("" for the table built into ezz).
func (c *Calendar) Known(year int) (known bool, source string) {
	return c.years[year], c.source[year]
}

// Years lists the years whose notice is in the calendar, in order.
func (c *Calendar) Years() []int {
	var ys []int
	for y := range c.years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// YearSummary is what `ezz calendar show` prints for a year.
type YearSummary struct {
	Year        int
	Known       bool   // false: not announced, Monday to Friday assumed
	Source      string // "" for the built-in table
	Days        []Day  // the listed holidays and adjusted working days in the year, in order
	Workdays    int    // working days in the year
	Provisional bool
}

// Year summarises a year: the days listed that fall in it and its working days.
func (c *Calendar) Year(y int) YearSummary {
	s := YearSummary{Year: y, Known: c.years[y], Source: c.source[y]}
	for d, w := range c.days {
		if strings.HasPrefix(d, fmt.Sprintf("%04d-", y)) {
			s.Days = append(s.Days, Day{Date: d, Off: !w, Name: c.names[d]})
		}
	}
	sort.Slice(s.Days, func(i, j int) bool { return s.Days[i].Date < s.Days[j].Date })
	var prov []int
	s.Workdays, prov = c.Count(time.Date(y, 1, 1, 12, 0, 0, 0, Shanghai), time.Date(y, 12, 31, 12, 0, 0, 0, Shanghai))
	s.Provisional = len(prov) > 0
	return s
}

// WorkingTime is the time from from to to that falls on working days (a
// working day counts from midnight to midnight in Shanghai), with the years
// on the way whose notice is not in the calendar. It is 0 when to is not
// after from.
func (c *Calendar) WorkingTime(from, to time.Time) (left time.Duration, provisional []int) {
	seen := map[int]bool{}
	for day := dayOf(from); day.Before(to); day = day.AddDate(0, 0, 1) {
		work, known := c.IsWorkday(day)
		if !known && !seen[day.Year()] {
			seen[day.Year()] = true
			provisional = append(provisional, day.Year())
		}
		if !work {
			continue
		}
		start, end := day, day.AddDate(0, 0, 1)
		if from.After(start) {
			start = from
		}
		if to.Before(end) {
			end = to
		}
		if end.After(start) {
			left += end.Sub(start)
		}
	}
	return left, provisional
}
