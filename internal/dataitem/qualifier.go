package dataitem

import (
	"strings"
	"unicode/utf8"
)

// MaxQualifier is the longest qualifier accepted, in characters.
const MaxQualifier = 64

// brackets pairs the opening and closing brackets of a qualifier.
var brackets = map[rune]rune{'（': '）', '(': ')'}

// qualified reads v as a label of the code table followed by a bracketed
// qualifier, 餐饮服务经营者（小型餐馆）or 餐饮服务经营者 (小型餐馆), and returns the
// code followed by the bracketed qualifier as registered: 02（小型餐馆）.
func (it *compiledItem) qualified(v string) (string, bool) {
	for i, r := range v {
		closing, ok := brackets[r]
		if !ok {
			continue
		}
		code, found := it.label[strings.TrimSpace(v[:i])]
		if !found {
			continue
		}
		if q, ok := qualifier(v[i:], r, closing); ok {
			return code + q, true
		}
	}
	return "", false
}

// qualifier checks that s is one bracketed, non-empty qualifier without
// further brackets, and returns it.
func qualifier(s string, open, closing rune) (string, bool) {
	inner, ok := strings.CutPrefix(s, string(open))
	if !ok {
		return "", false
	}
	inner, ok = strings.CutSuffix(inner, string(closing))
	if !ok || strings.TrimSpace(inner) == "" || utf8.RuneCountInString(inner) > MaxQualifier ||
		strings.ContainsAny(inner, "（）()") {
		return "", false
	}
	return s, true
}

// SplitQualifier splits a normalised enum value into its code and its
// bracketed qualifier ("" when it has none): "02（小型餐馆）" → "02", "（小型餐馆）".
func SplitQualifier(v string) (code, qual string) {
	if i := strings.IndexAny(v, "（("); i > 0 {
		return v[:i], v[i:]
	}
	return v, ""
}
