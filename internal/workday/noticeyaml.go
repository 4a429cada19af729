package workday

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"ezz/internal/text"
)

// noticeYAML is the small format for a clerk to type a newly announced year:
//
//	year: 2027
//	source: https://www.gov.cn/…
//	holidays:
//	  - name: 春节
//	    off: [2027-02-05..2027-02-11]
//	    work: [2027-02-14]
type noticeYAML struct {
	Year     int    `yaml:"year"`
	Source   string `yaml:"source"`
	Holidays []struct {
		Name string   `yaml:"name"`
		Off  []string `yaml:"off"`
		Work []string `yaml:"work"`
	} `yaml:"holidays"`
}

// ParseYAML reads a notice in the small YAML format; off and work list dates
// (YYYY-MM-DD) or ranges (FROM..TO, both included, at most 31 days).
func ParseYAML(data []byte) (*Notice, error) {
	var y noticeYAML
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&y); err != nil {
		return nil, text.Wrap(err, "日历 YAML 有误", "calendar YAML")
	}
	n := &Notice{Year: y.Year, Source: y.Source}
	for _, h := range y.Holidays {
		for _, list := range []struct {
			items []string
			off   bool
		}{{h.Off, true}, {h.Work, false}} {
			for _, item := range list.items {
				dates, err := expand(item)
				if err != nil {
					return nil, err
				}
				for _, d := range dates {
					n.Days = append(n.Days, Day{Date: d, Off: list.off, Name: h.Name})
				}
				if len(n.Days) > maxNoticeDays {
					return nil, text.Errorf("超过 %d 天", "more than %d days", maxNoticeDays)
				}
			}
		}
	}
	return n, n.Validate()
}

// expand reads a date or a FROM..TO range.
func expand(s string) ([]string, error) {
	from, to, isRange := strings.Cut(strings.TrimSpace(s), "..")
	if !isRange {
		to = from
	}
	a, err1 := time.Parse(time.DateOnly, strings.TrimSpace(from))
	b, err2 := time.Parse(time.DateOnly, strings.TrimSpace(to))
	if err1 != nil || err2 != nil || b.Before(a) || b.Sub(a) >= maxRangeDays*24*time.Hour {
		return nil, text.Errorf("%q 不是日期或不超过 %d 天的日期范围（如 2027-02-05..2027-02-11）",
			"%q is not a date or a range of at most %d days (e.g. 2027-02-05..2027-02-11)", s, maxRangeDays)
	}
	var out []string
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out, nil
}
