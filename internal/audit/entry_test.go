package audit

import (
	"testing"
	"unicode/utf8"
)

// refString is appendString written byte by byte, as docs/audit.md states
// the encoding: the fast one must agree with it on every input.
func refString(s string) string {
	buf := []byte{'"'}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c >= 0x20 && c < utf8.RuneSelf:
			buf = append(buf, c)
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				buf = append(buf, `\ufffd\u00`...)
				buf = append(buf, hexDigits[c>>4], hexDigits[c&0xf])
			} else {
				buf = append(buf, s[i:i+n]...)
			}
			i += n
			continue
		case c == '\n':
			buf = append(buf, `\n`...)
		case c == '\r':
			buf = append(buf, `\r`...)
		case c == '\t':
			buf = append(buf, `\t`...)
		default:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
	}
	return string(append(buf, '"'))
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"b\`, "证照\n\r\t\x01\x7f", "\xff\xfe", "a\xe8\xafb", "\ufffd", "𠮷䶮"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendString(nil, s)), refString(s); got != want {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}
