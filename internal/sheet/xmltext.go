package sheet

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendText appends XML character data to dst decoded as encoding/xml
// (which excelize uses) decodes it: the five predefined entities, decimal
// and hexadecimal character references, line ends (\r\n and \r) as \n. Like
// encoding/xml it refuses invalid UTF-8, characters XML does not allow and
// any other entity. CDATA content (cdata) has no references to decode.
func appendText(dst, raw []byte, cdata bool) ([]byte, error) {
	if plainText(raw) {
		return append(dst, raw...), nil
	}
	return decodeText(dst, raw, cdata)
}

// plainText reports whether decodeText copies raw as it is: valid UTF-8,
// no reference, no line end to fold, no ] (so no ]]>), no character XML
// refuses (a control, or U+FFFE and U+FFFF: EF BF BE and EF BF BF).
// TestPlainText checks it against decodeText.
func plainText(raw []byte) bool {
	for i, c := range raw {
		if textStop[c] && (c != 0xEF || i+2 < len(raw) && raw[i+1] == 0xBF && raw[i+2] >= 0xBE) {
			return false
		}
	}
	return utf8.Valid(raw)
}

var textStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n'
	}
	t['&'], t['\r'], t[']'], t[0xEF] = true, true, true, true
	return t
}()

// decodeText is appendText without its plainText shortcut.
func decodeText(dst, raw []byte, cdata bool) ([]byte, error) {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&' && !cdata:
			r, n, err := entity(raw[i:])
			if err != nil {
				return dst, err
			}
			dst = utf8.AppendRune(dst, r)
			i += n
		case c == ']' && !cdata && i+2 < len(raw) && raw[i+1] == ']' && raw[i+2] == '>':
			return dst, errors.New("unescaped ]]> not in CDATA section")
		case c == '\r':
			dst = append(dst, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case c < 0x20 && c != '\t' && c != '\n':
			return dst, fmt.Errorf("illegal character code U+%04X", c)
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 {
				return dst, errors.New("invalid UTF-8")
			}
			if !xmlChar(r) {
				return dst, fmt.Errorf("illegal character code U+%04X", r)
			}
			dst = append(dst, raw[i:i+n]...)
			i += n
		}
	}
	return dst, nil
}

// entity decodes the reference at the start of b ("&amp;", "&#20013;",
// "&#x4E2D;") and returns its rune and length.
func entity(b []byte) (rune, int, error) {
	end := -1
	for i := 1; i < len(b) && i < 12; i++ {
		if b[i] == ';' {
			end = i
			break
		}
	}
	if end < 0 {
		return 0, 0, fmt.Errorf("invalid character entity %q", clip(b[:min(len(b), 12)]))
	}
	name := string(b[1:end])
	switch name {
	case "amp":
		return '&', end + 1, nil
	case "lt":
		return '<', end + 1, nil
	case "gt":
		return '>', end + 1, nil
	case "quot":
		return '"', end + 1, nil
	case "apos":
		return '\'', end + 1, nil
	}
	if len(name) >= 2 && name[0] == '#' {
		base, digits := 10, name[1:]
		if digits[0] == 'x' {
			base, digits = 16, digits[1:]
		}
		if n, err := strconv.ParseUint(digits, base, 64); err == nil && digits != "" && digits[0] != '+' && n <= utf8.MaxRune {
			r := rune(n)
			if !utf8.ValidRune(r) {
				r = utf8.RuneError // string(rune(n)) in encoding/xml
			}
			if xmlChar(r) {
				return r, end + 1, nil
			}
		}
	}
	return 0, 0, fmt.Errorf("invalid character entity &%s;", name)
}

// xmlChar reports whether XML 1.0 allows the character (as encoding/xml checks).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// bstrRe and bstrUnmarshal decode the _xHHHH_ escapes of OOXML strings as
// excelize v2.11.0 does for shared and inline strings (same expression, same
// result for every input, including escapes it cannot decode, which vanish).
var bstrRe = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	cursor := 0
	for _, m := range bstrRe.FindAllStringIndex(s, -1) {
		b.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			b.WriteByte('_')
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		b.WriteString(v)
	}
	b.WriteString(s[cursor:])
	return b.String()
}
