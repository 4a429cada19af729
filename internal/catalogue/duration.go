package catalogue

import (
	"strconv"
	"time"

	"ezz/internal/text"
)

// Duration is a calendar duration from a template: validity, retention or
// QR validity. Units are years, months, days and hours; Permanent has none.
type Duration struct {
	N         int
	Unit      byte // 'y', 'm', 'd' or 'h'
	Permanent bool
}

// ParseDuration parses "5y", "6m", "90d", "24h" or "permanent".
func ParseDuration(s string) (Duration, error) {
	if s == "permanent" {
		return Duration{Permanent: true}, nil
	}
	bad := text.Errorf("期限 %q 格式不对：请写 1 到 9999 的整数加单位 y（年）、m（月）、d（日）或 h（小时），如 5y、6m、90d、24h，或 permanent（长期）",
		"duration %q: use a whole number from 1 to 9999 and a unit y, m, d or h, like 5y, 6m, 90d, 24h, or permanent", s)
	if len(s) < 2 || s[0] < '1' || s[0] > '9' {
		return Duration{}, bad
	}
	unit := s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n > 9999 || (unit != 'y' && unit != 'm' && unit != 'd' && unit != 'h') {
		return Duration{}, bad
	}
	return Duration{N: n, Unit: unit}, nil
}

// AddTo returns t plus d. Years and months are calendar steps (AddDate);
// a permanent duration returns the zero time.
func (d Duration) AddTo(t time.Time) time.Time {
	switch {
	case d.Permanent:
		return time.Time{}
	case d.Unit == 'y':
		return t.AddDate(d.N, 0, 0)
	case d.Unit == 'm':
		return t.AddDate(0, d.N, 0)
	case d.Unit == 'd':
		return t.AddDate(0, 0, d.N)
	}
	return t.Add(time.Duration(d.N) * time.Hour)
}

// String renders d in the template syntax.
func (d Duration) String() string {
	if d.Permanent {
		return "permanent"
	}
	return strconv.Itoa(d.N) + string(d.Unit)
}
