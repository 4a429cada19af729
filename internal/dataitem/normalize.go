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

// isPlain reports whether s is text that CleanSpace and normalizeText keep
// as it is: printable ASCII without leading, trailing or doubled spaces,
// ideographs U+4000–U+9FFF (valid three-byte sequences with a lead byte
// E4–E9) and the punctuation of Chinese text (plainPunct). None of them is
// white space, a control character or a full-width letter or digit, and NFC
// keeps each as it is (TestPlainRange checks every one). Most register values
// are such text.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0xE4 && c <= 0xE9:
			if i+2 >= len(s) || !continuation(s[i+1]) || !continuation(s[i+2]) {
				return false
			}
			i += 2
		case c == 0xE3 || c == 0xEF:
			if i+2 >= len(s) || !plainPunct(s[i:i+3]) {
				return false
			}
			i += 2
		case c < 0x20 || c >= 0x7f:
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}

func continuation(c byte) bool { return c&0xC0 == 0x80 }

// plainPunct lists the punctuation isPlain lets through, as UTF-8.
func plainPunct(seq string) bool {
	switch seq {
	case "、", "。", "（", "）", "，", "：", "；", "《", "》", "〔", "〕":
		return true
	}
	return false
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
func IsMangledNumber(s string) bool { return mayHaveE(s) && numberShaped(s) && scientific(s) }

// scientific is IsMangledNumber without its quick test for an E (mayHaveE).
func scientific(s string) bool {
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

// mayHaveE reports whether s holds an E or e, half- or full-width (Ｅ U+FF25,
// ｅ U+FF45: any lead byte EF counts), without which IsMangledNumber is false.
// No other rune folds to E under ToHalfWidth and ToUpper (TestMayHaveE).
func mayHaveE(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 'E' || c == 'e' || c == 0xEF {
			return true
		}
	}
	return false
}

// numberShaped reports whether every rune of s is one that a number in
// scientific notation is written with — digits, . + - E e, half- or
// full-width — or white space; without it IsMangledNumber is false: any
// other rune is still there, not a digit, after scientific's trimming and
// folding (TestNumberShaped checks every rune).
func numberShaped(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if !numberASCII[r] {
				return false
			}
		case r >= '０' && r <= '９', r == '．', r == '＋', r == '－', r == 'Ｅ', r == 'ｅ':
		case unicode.IsSpace(r) || r == '\u3000':
		default:
			return false
		}
	}
	return true
}

var numberASCII = [utf8.RuneSelf]bool{'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true,
	'7': true, '8': true, '9': true, '.': true, '+': true, '-': true, 'E': true, 'e': true,
	' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}
