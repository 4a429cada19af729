package ledger

import (
	"strconv"
	"unicode/utf8"
)

// json is jsonDetail(d), written directly when every string needs no escape
// in encoding/json's rules — printable ASCII but '"', '\\', '<', '>' and '&',
// or other valid UTF-8 but U+2028 and U+2029 — as the fields of a register's
// rows do: the same bytes without reflection (TestIssueDetailJSON,
// FuzzIssueDetailJSON). Anything else goes through encoding/json.
func (d issueDetail) json() string {
	if !plainJSON(d.TypeCode) || !plainJSON(d.Number) || !plainJSON(d.Serial) ||
		!plainJSON(d.PDFSM3) || !plainJSON(d.RowKey) || !plainJSON(d.Retention) {
		return jsonDetail(d)
	}
	b := make([]byte, 0, 64+len(d.TypeCode)+len(d.Number)+len(d.Serial)+len(d.PDFSM3)+len(d.RowKey)+len(d.Retention))
	b = append(append(append(b, `{"type_code":"`...), d.TypeCode...), `","number":"`...)
	b = append(append(b, d.Number...), `","serial":"`...)
	b = append(append(b, d.Serial...), `","version":`...)
	b = strconv.AppendInt(b, int64(d.Version), 10)
	for _, f := range [...]struct{ key, v string }{{"pdf_sm3", d.PDFSM3}, {"row_key", d.RowKey}, {"retention", d.Retention}} {
		if f.v != "" {
			b = append(append(append(append(append(b, `,"`...), f.key...), `":"`...), f.v...), '"')
		}
	}
	return string(append(b, '}'))
}

// plainASCII is the ASCII bytes encoding/json writes as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// plainJSON reports whether encoding/json writes s between its quotes as it is.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !plainASCII[c] {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += n
	}
	return true
}
