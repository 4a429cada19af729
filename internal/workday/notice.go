package workday

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"ezz/internal/text"
)

// Notice is one year's State Council holiday notice: its public holidays and
// adjusted working days (调休). A day may lie in the neighbouring year (the
// 2019 notice moves 2018-12-29).
type Notice struct {
	Year   int
	Source string // where it came from, e.g. the file imported
	Days   []Day
}

// Day is one day a notice lists.
type Day struct {
	Date string // YYYY-MM-DD
	Off  bool   // true: a day off; false: an adjusted working day
	Name string // the holiday, e.g. 春节
}

// Limits on a notice: a real one lists about 30 days.
const (
	maxNoticeDays = 400
	maxRangeDays  = 31
	maxNameLen    = 64
)

// holidayCN is the holiday-cn JSON format (github.com/NateScarlet/holiday-cn).
type holidayCN struct {
	Year   int      `json:"year"`
	Papers []string `json:"papers"`
	Days   []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay *bool  `json:"isOffDay"`
	} `json:"days"`
}

// ParseHolidayCN reads a notice in the holiday-cn JSON format.
func ParseHolidayCN(data []byte) (*Notice, error) {
	var h holidayCN
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&h); err != nil {
		return nil, text.Wrap(err, "不是 holiday-cn 格式的 JSON", "not holiday-cn JSON")
	}
	if len(h.Days) > maxNoticeDays {
		return nil, text.Errorf("列出 %d 天，超过 %d 天", "lists %d days, more than %d", len(h.Days), maxNoticeDays)
	}
	n := &Notice{Year: h.Year, Source: strings.Join(h.Papers, " ")}
	for i, d := range h.Days {
		if d.IsOffDay == nil {
			return nil, text.Errorf("第 %d 天（%s）缺少 isOffDay", "day %d (%s) has no isOffDay", i+1, d.Date)
		}
		n.Days = append(n.Days, Day{Date: d.Date, Off: *d.IsOffDay, Name: d.Name})
	}
	return n, n.Validate()
}

// Validate checks a notice: a year of this century with days, each a real
// date near that year, listed once, with a short name.
func (n *Notice) Validate() error {
	if n.Year < 2000 || n.Year > 2199 {
		return text.Errorf("年份 %d 不对", "year %d is not a plausible year", n.Year)
	}
	if len(n.Days) == 0 {
		return text.Errorf("%d 年的通知没有列出任何日期", "the notice for %d lists no days", n.Year).
			WithHint("国务院尚未公布该年安排时，不要导入；ezz 会按周一至周五临时计算", "a year not announced yet is not imported: ezz counts Monday to Friday for it, marked provisional")
	}
	lo := time.Date(n.Year-1, 12, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(n.Year+1, 1, 31, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for _, d := range n.Days {
		t, err := time.Parse(time.DateOnly, d.Date)
		switch {
		case err != nil:
			return text.Errorf("%q 不是 YYYY-MM-DD 格式的日期", "%q is not a YYYY-MM-DD date", d.Date)
		case t.Before(lo) || t.After(hi):
			return text.Errorf("%s 不在 %d 年的通知范围内", "%s is too far from the notice's year %d", d.Date, n.Year)
		case seen[d.Date]:
			return text.Errorf("%s 列出了两次", "%s is listed twice", d.Date)
		case len(d.Name) > maxNameLen || strings.ContainsAny(d.Name, "\n\r#"):
			return text.Errorf("%s 的节日名称不对", "%s: the holiday name is too long or has line breaks", d.Date)
		}
		seen[d.Date] = true
	}
	return nil
}

// Text is the notice in the calendar table format that Parse reads.
func (n *Notice) Text() string {
	days := append([]Day(nil), n.Days...)
	sort.Slice(days, func(i, j int) bool { return days[i].Date < days[j].Date })
	var b strings.Builder
	fmt.Fprintf(&b, "year %d\n", n.Year)
	if src := strings.Join(strings.Fields(n.Source), " "); src != "" {
		fmt.Fprintf(&b, "source %s\n", src)
	}
	for _, d := range days {
		kind := "work"
		if d.Off {
			kind = "off"
		}
		fmt.Fprintf(&b, "%s %s %s\n", d.Date, kind, strings.Join(strings.Fields(d.Name), "_"))
	}
	return b.String()
}
