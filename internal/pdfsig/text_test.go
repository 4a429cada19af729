package pdfsig

import (
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// FuzzTextString: the appending encoder writes what the plain construction
// writes (replacer, UTF-16 encoding, hex), for any string, and the parser
// reads it back as the string (invalid UTF-8 as U+FFFD).
func FuzzTextString(f *testing.F) {
	for _, s := range []string{"", "Wuhan", `a\b(c)d`, "签发电子证照", "\x7f", "\x1f", "a\xffb\xfe\xfdc", "😀 emoji", "\u00e9", "(("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := textString(s)
		if want := refTextString(s); got != want {
			t.Fatalf("textString(%q) = %s, want %s", s, got, want)
		}
		p := &parser{buf: []byte(got)}
		v, err := p.value(0)
		str, ok := v.(String)
		if want := strings.ToValidUTF8(s, "\uFFFD"); err != nil || !ok || str.Text() != want {
			t.Fatalf("textString(%q) = %s reads back as %v, %v", s, got, v, err)
		}
	})
}

// refTextString is the straightforward construction of a PDF text string.
func refTextString(s string) string {
	ascii := utf8.ValidString(s)
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] >= 0x20 && s[i] < 0x7f
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	u := utf16.Encode([]rune(strings.ToValidUTF8(s, "\uFFFD")))
	b := []byte{0xFE, 0xFF}
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return "<" + hex.EncodeToString(b) + ">"
}
