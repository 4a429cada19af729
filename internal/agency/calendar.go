package agency

import (
	"context"
	"encoding/json"
	"path/filepath"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/text"
	"ezz/internal/workday"
)

// CalendarDir is where a workspace keeps the years it imported.
const CalendarDir = "calendar"

// KindCalendarImport is the event of a calendar import.
const KindCalendarImport = "calendar-import"

// Calendar is the workspace's working-day calendar: the table built into ezz,
// with the years imported into the workspace winning over it. Without a
// workspace it is the built-in table. A use case reads it once.
func (a *Agency) Calendar() (*workday.Calendar, error) {
	if a.Workspace == nil {
		return workday.Official(), nil
	}
	return workday.Load(filepath.Join(a.Workspace.Dir, CalendarDir))
}

// Provisional is the warning every output that relies on a year without an
// announced calendar carries: "provisional: 2027 not announced".
func Provisional(years []int) []text.T {
	var out []text.T
	for _, y := range years {
		out = append(out, text.F("临时：%d 年的节假日安排尚未公布（按周一至周五计算）", "provisional: %d not announced", y))
	}
	return out
}

// CalendarYear is what `ezz calendar show` prints (docs/deadlines.md).
type CalendarYear struct {
	Year        int           `json:"year"`
	Known       bool          `json:"announced"`
	Source      string        `json:"source"` // "built-in" or "workspace: …"
	Workdays    int           `json:"workdays"`
	Days        []CalendarDay `json:"days"`
	Provisional []text.T      `json:"provisional,omitempty"`
}

// CalendarDay is one listed holiday or adjusted working day.
type CalendarDay struct {
	Date string `json:"date"`
	Off  bool   `json:"off"`
	Name string `json:"name"`
}

// CalendarShow summarises one year of the workspace's calendar.
func (a *Agency) CalendarShow(year int) (*CalendarYear, error) {
	if year < 2000 || year > 2199 {
		return nil, text.Errorf("年份 %d 不对", "year %d is out of range", year)
	}
	c, err := a.Calendar()
	if err != nil {
		return nil, err
	}
	s := c.Year(year)
	out := &CalendarYear{Year: year, Known: s.Known, Source: s.Source, Workdays: s.Workdays}
	if out.Source == "" && s.Known {
		out.Source = "built-in"
	}
	for _, d := range s.Days {
		out.Days = append(out.Days, CalendarDay{Date: d.Date, Off: d.Off, Name: d.Name})
	}
	if !s.Known {
		out.Provisional = Provisional([]int{year})
	}
	return out, nil
}

// Workdays is what `ezz calendar workdays` prints.
type Workdays struct {
	From        string   `json:"from"`
	To          string   `json:"to"`
	Workdays    int      `json:"workdays"`
	Provisional []text.T `json:"provisional,omitempty"`
}

// CalendarWorkdays counts the working days from one date to another, both included.
func (a *Agency) CalendarWorkdays(from, to string) (*Workdays, error) {
	f, err1 := time.ParseInLocation(time.DateOnly, from, Shanghai)
	t, err2 := time.ParseInLocation(time.DateOnly, to, Shanghai)
	if err1 != nil || err2 != nil {
		return nil, text.Errorf("日期须为 YYYY-MM-DD（%s %s）", "dates must be YYYY-MM-DD (got %s %s)", from, to)
	}
	if t.Sub(f) > 20*366*24*time.Hour {
		return nil, text.Errorf("日期范围超过 20 年", "the range is longer than 20 years")
	}
	c, err := a.Calendar()
	if err != nil {
		return nil, err
	}
	n, prov := c.Count(f, t)
	return &Workdays{From: from, To: to, Workdays: n, Provisional: Provisional(prov)}, nil
}

// CalendarImported is what `ezz calendar import` did.
type CalendarImported struct {
	Year   int    `json:"year"`
	Days   int    `json:"days"`
	File   string `json:"file"` // where the workspace keeps it
	Source string `json:"source"`
}

// CalendarImport imports a year's notice (holiday-cn JSON or the small YAML)
// into the workspace, with an event; it then wins over the built-in table.
func (a *Agency) CalendarImport(ctx context.Context, path string) (*CalendarImported, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	n, err := workday.ReadNotice(path)
	if err != nil {
		return nil, err
	}
	file, err := workday.Save(filepath.Join(a.Workspace.Dir, CalendarDir), n)
	if err != nil {
		return nil, wrap(err, "保存日历失败", "save the calendar")
	}
	detail, _ := json.Marshal(map[string]any{"year": n.Year, "days": len(n.Days), "source": n.Source, "file": file})
	if _, err := a.Ledger.Append(ctx, ledger.Event{At: a.Now(), Actor: a.Actor, Station: a.Station,
		Kind: KindCalendarImport, Detail: string(detail)}); err != nil {
		return nil, err
	}
	return &CalendarImported{Year: n.Year, Days: len(n.Days), File: file, Source: n.Source}, nil
}
