package web

import (
	"strings"
	"unicode/utf8"

	"ezz/internal/dataitem"
)

// MaskName hides the middle of a holder's name (R12: only what the business
// needs): a long business name keeps its first three characters — usually
// the place — and its last four, e.g. 武汉市江汉区热干面馆 → 武汉市**热干面馆;
// a person's name keeps the surname, 张三 → 张*, 欧阳娜娜 → 欧**娜. The
// stars do not tell how much is hidden.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	n := len(r)
	switch {
	case n == 0:
		return ""
	case n == 1:
		return "*"
	case n == 2:
		return string(r[:1]) + "*"
	case n == 3:
		return string(r[:1]) + "*" + string(r[2:])
	case n < 8:
		return string(r[:1]) + "**" + string(r[n-1:])
	}
	return string(r[:3]) + "**" + string(r[n-4:])
}

// MaskCode hides the middle of a holder's code of type typeCode (GB/T 36903
// App. A: 001 is a unified social credit code), star for star: a credit code
// keeps its registration authority and region (the first eight characters)
// and the last two, 91420103MA4KXXXX2X → 91420103********2X; any other code —
// a resident ID, a passport — keeps only its first two and last two.
func MaskCode(code, typeCode string) string {
	code = strings.TrimSpace(code)
	n := utf8.RuneCountInString(code)
	head, tail := 2, 2
	switch {
	case n == 18 && typeCode == "001" && dataitem.CheckUSCC(code) == nil:
		head = 8
	case n <= 4:
		return strings.Repeat("*", n)
	case n < 8:
		head, tail = 1, 1
	}
	r := []rune(code)
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}
