package register

import (
	"strings"
	"unicode"

	"ezz/internal/dataitem"
)

// Reserved headers of a rejects workbook: the mapper ignores them, and the
// origin column carries a row's first location through fix-and-feed-back rounds.
const (
	HeaderOrigin = "原行号"
	HeaderReason = "错误原因"
)

// NormalizeHeader folds the ways clerks spell the same column heading onto one
// key: full-width forms become half-width, every kind of bracket becomes
// "(" or ")", whitespace (line breaks too) disappears, Latin letters are
// lower-cased, and required markers (*) and trailing colons are dropped.
func NormalizeHeader(s string) string {
	s = replaceFold(s, "_x000d_", "")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = halfWidth(r)
		switch {
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			continue
		case strings.ContainsRune("([{【〔〖〈", r):
			r = '('
		case strings.ContainsRune(")]}】〕〗〉", r):
			r = ')'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	out := b.String()
	out = strings.TrimLeft(out, "*※")
	out = strings.TrimRight(out, ":*※")
	return out
}

// stripParens removes parenthesised parts, for headers such as
// "出生日期(yyyy-mm-dd)" whose hint in brackets is not part of the name.
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// halfWidth maps full-width ASCII forms and the ideographic space to ASCII.
func halfWidth(r rune) rune {
	switch {
	case r >= '\uff01' && r <= '\uff5e':
		return r - 0xfee0
	case r == '\u3000':
		return ' '
	case r == '：':
		return ':'
	}
	return r
}

// replaceFold replaces ASCII old (lower case) in s, ignoring case.
func replaceFold(s, old, repl string) string {
	if !strings.Contains(strings.ToLower(s), old) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(strings.ToLower(s), old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s = s[i+len(old):]
	}
}

// matcher finds the data item a column heading names.
type matcher struct {
	full     map[string][]string // normalised label/alias/id → item ids
	stripped map[string][]string // the same with bracketed parts removed
}

func newMatcher(items []dataitem.Item) *matcher {
	m := &matcher{full: map[string][]string{}, stripped: map[string][]string{}}
	for _, it := range items {
		names := append([]string{it.Label, it.LabelEn, it.ID}, it.Aliases...)
		for _, n := range names {
			k := NormalizeHeader(n)
			if k == "" {
				continue
			}
			m.full[k] = addOnce(m.full[k], it.ID)
			if s := stripParens(k); s != k && s != "" {
				m.stripped[s] = addOnce(m.stripped[s], it.ID)
			}
		}
	}
	return m
}

// match returns the item ids a heading names, trying the exact normalised
// form first and the forms without bracketed parts after. More than one id
// means the heading is ambiguous.
func (m *matcher) match(header string) []string {
	k := NormalizeHeader(header)
	if k == "" {
		return nil
	}
	s := stripParens(k)
	for _, try := range []struct {
		idx map[string][]string
		key string
	}{{m.full, k}, {m.full, s}, {m.stripped, k}, {m.stripped, s}} {
		if ids := try.idx[try.key]; len(ids) > 0 {
			return ids
		}
	}
	return nil
}

func addOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// isReserved reports whether a heading is one of the rejects workbook's own columns.
func isReserved(header string) bool {
	k := NormalizeHeader(header)
	return k == HeaderOrigin || k == HeaderReason
}
