package dataitem

import (
	"fmt"
	"strings"
	"time"
)

// excelMaxSerial bounds the Excel serials parseDate accepts: 99999 is 2173-10-13.
// Longer digit strings are not taken for serials (a six-digit "201931" is a typo, not
// the year 2452).
const excelMaxSerial = 99999

// parseDate parses a date in the forms registers really use and returns it as
// 2006-01-02:
//
//	43525, 43525.0       Excel serial (raw cell value; the 1900 leap-year bug is honoured)
//	2019-03-01, 2019-3-1 ISO-like, with or without zero padding
//	2019/3/1, 2019.3.1   slashes or dots
//	2019年3月1日          Chinese
//	20190301             eight digits
//
// A time of day may follow (2019-3-1 00:00:00, 2019-03-01T08:30); it is dropped.
// Full-width digits are accepted. Dates that do not exist (2019-02-30, serial 60,
// which Excel shows as 1900-02-29) are rejected.
func parseDate(raw string) (string, *Error) {
	s := strings.TrimSpace(CleanSpace(ToHalfWidth(raw)))
	if s == "" {
		return "", dateFormatError(raw)
	}
	if IsMangledNumber(s) {
		return "", dateFormatError(raw)
	}
	if intPart, frac, hasFrac := strings.Cut(s, "."); allDigits(intPart) && (!hasFrac || allDigits(frac)) {
		if !hasFrac && len(s) == 8 {
			return ymd(raw, atoi(s[:4]), atoi(s[4:6]), atoi(s[6:]))
		}
		if len(intPart) <= 5 {
			return excelSerial(raw, atoi(intPart))
		}
		return "", dateFormatError(raw)
	}
	return parseYMD(raw, s)
}

// parseYMD parses Y<sep>M<sep>D[ time], sep one of - / . or 年月日.
func parseYMD(raw, s string) (string, *Error) {
	y, rest := digitsPrefix(s)
	if len(y) != 4 {
		return "", dateFormatError(raw)
	}
	sep, rest, ok := cutSep(rest)
	if !ok {
		return "", dateFormatError(raw)
	}
	m, rest := digitsPrefix(rest)
	sep2, rest, ok := cutSep(rest)
	if !ok || len(m) == 0 || len(m) > 2 || !matchSep(sep, sep2) {
		return "", dateFormatError(raw)
	}
	d, rest := digitsPrefix(rest)
	if len(d) == 0 || len(d) > 2 {
		return "", dateFormatError(raw)
	}
	if sep == "年" {
		rest = strings.TrimPrefix(rest, "日")
		rest = strings.TrimPrefix(rest, "号")
	}
	if !isTimeSuffix(rest) {
		return "", dateFormatError(raw)
	}
	return ymd(raw, atoi(y), atoi(m), atoi(d))
}

func cutSep(s string) (sep, rest string, ok bool) {
	for _, p := range []string{"-", "/", ".", "年", "月"} {
		if strings.HasPrefix(s, p) {
			return p, s[len(p):], true
		}
	}
	return "", s, false
}

func matchSep(first, second string) bool {
	if first == "年" {
		return second == "月"
	}
	return first == second && first != "月"
}

// isTimeSuffix accepts "", or a space or T followed by hh:mm[:ss[.fff]].
func isTimeSuffix(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ' ' && s[0] != 'T' {
		return false
	}
	s = s[1:]
	h, s := digitsPrefix(s)
	if len(h) == 0 || len(h) > 2 || atoi(h) > 23 {
		return false
	}
	for range 2 {
		if s == "" {
			return true
		}
		if s[0] != ':' {
			return false
		}
		var mm string
		mm, s = digitsPrefix(s[1:])
		if len(mm) != 2 || atoi(mm) > 59 {
			return false
		}
	}
	if frac, ok := strings.CutPrefix(s, "."); ok {
		return allDigits(frac)
	}
	return s == ""
}

func digitsPrefix(s string) (digits, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}

// atoi converts a short digit string (callers bound its length).
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// excelSerial converts a 1900-system Excel serial. Excel counts 1900-02-29, which did
// not exist, as serial 60; serials from 61 on are one day ahead of the plain count.
func excelSerial(raw string, n int) (string, *Error) {
	switch {
	case n < 1 || n > excelMaxSerial:
		return "", dateFormatError(raw)
	case n == 60:
		return "", newError(CodeDateInvalid,
			fmt.Sprintf("Excel 日期序号 60 对应不存在的 1900-02-29：请核对并按 2019-03-01 格式重新录入（原值 %q）", raw),
			fmt.Sprintf("Excel serial 60 is 1900-02-29, which does not exist: check the date and re-enter it as 2019-03-01 (got %q)", raw))
	case n < 60:
		return dayDate(time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)), nil
	}
	return dayDate(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)), nil
}

// dayDate is t's date as 2006-01-02 (t.Format(time.DateOnly) for the years
// of Excel serials, 1900–2173).
func dayDate(t time.Time) string {
	y, m, d := t.Date()
	return isoDate(y, int(m), d)
}

func ymd(raw string, y, m, d int) (string, *Error) {
	if y < 1000 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return "", newError(CodeDateInvalid,
			fmt.Sprintf("日期 %q 不存在（年 %d、月 %d、日 %d）：请核对后重新录入", raw, y, m, d),
			fmt.Sprintf("date %q does not exist (year %d, month %d, day %d): check it and re-enter it", raw, y, m, d))
	}
	return isoDate(y, m, d), nil
}

// isoDate formats a date that exists (y 1000–9999) as 2006-01-02.
func isoDate(y, m, d int) string {
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func dateFormatError(raw string) *Error {
	return newError(CodeDateFormat,
		fmt.Sprintf("无法识别的日期 %q：请按 2019-03-01、2019/3/1 或 2019年3月1日 的格式录入", raw),
		fmt.Sprintf("unrecognised date %q: enter it as 2019-03-01, 2019/3/1 or 2019年3月1日", raw))
}
