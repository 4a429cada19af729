package dataitem

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ToHalfWidth maps full-width forms (U+FF01–U+FF5E, such as ＡＢ１２ and the brackets
// （）) to their ASCII counterparts and the ideographic space U+3000 to a space.
// Other characters are kept.
func ToHalfWidth(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// halfWidthAlnum maps only full-width letters and digits to ASCII, keeping full-width
// punctuation, which is conventional in Chinese text (法定代表人（负责人）).
func halfWidthAlnum(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			return r - 0xFEE0
		}
		return r
	}, s)
}

// CleanSpace trims s and collapses every run of white space — including the
// ideographic space U+3000, no-break spaces and line breaks — to one ASCII space.
// Zero-width spaces and byte-order marks are dropped.
func CleanSpace(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d':
			continue
		case unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\u202f' || r == '\u2007':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// removeSpace drops all white space; codes never contain any.
func removeSpace(s string) string {
	if !strings.ContainsAny(s, " \t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, s)
}

// isPlain reports whether s is printable ASCII without leading, trailing or doubled spaces.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
		if c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// hasControl reports control characters or invalid UTF-8 in s.
func hasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// IsMangledNumber reports whether s looks like a long code that a spreadsheet stored
// as a number and printed in scientific notation, such as 1.10105199001011E+17 (a
// resident ID) or 9.1350100E+17. The digits lost cannot be recovered, so such a value
// must be re-entered, never guessed. Exponents below 10 are not flagged: 1.5E+3 may
// be a genuine number.
func IsMangledNumber(s string) bool {
	s = strings.TrimSpace(ToHalfWidth(s))
	mant, exp, ok := strings.Cut(strings.ToUpper(s), "E")
	if !ok || mant == "" || exp == "" {
		return false
	}
	mant = strings.TrimPrefix(mant, "-")
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart == "" || !allDigits(intPart) || (frac != "" && !allDigits(frac)) {
		return false
	}
	exp = strings.TrimPrefix(exp, "+")
	if exp == "" || len(exp) > 3 || !allDigits(exp) {
		return false
	}
	n := 0
	for i := 0; i < len(exp); i++ {
		n = n*10 + int(exp[i]-'0')
	}
	return n >= 10
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}
