package pdfsig

import (
	"bytes"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// literal parses a (string) with escapes and balanced parentheses.
func (p *parser) literal() (String, error) {
	p.pos++ // (
	var out []byte
	depth := 1
	for p.pos < len(p.buf) {
		c := p.buf[p.pos]
		p.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return String(out), nil
			}
		case '\\':
			out = p.escape(out)
			continue
		}
		out = append(out, c)
	}
	return nil, p.errorf("unterminated string")
}

// escape decodes the escape sequence after a backslash.
func (p *parser) escape(out []byte) []byte {
	if p.pos >= len(p.buf) {
		return out
	}
	c := p.buf[p.pos]
	p.pos++
	switch c {
	case 'n':
		return append(out, '\n')
	case 'r':
		return append(out, '\r')
	case 't':
		return append(out, '\t')
	case 'b':
		return append(out, '\b')
	case 'f':
		return append(out, '\f')
	case '\r':
		if p.pos < len(p.buf) && p.buf[p.pos] == '\n' {
			p.pos++
		}
		return out
	case '\n':
		return out
	}
	if c < '0' || c > '7' {
		return append(out, c)
	}
	v := int(c - '0')
	for i := 0; i < 2 && p.pos < len(p.buf) && p.buf[p.pos] >= '0' && p.buf[p.pos] <= '7'; i++ {
		v = v*8 + int(p.buf[p.pos]-'0')
		p.pos++
	}
	return append(out, byte(v))
}

// hex parses a <hex string>; white space inside is ignored, an odd final digit is padded with 0.
func (p *parser) hex() (String, error) {
	p.pos++ // <
	if s, ok := p.plainHex(); ok {
		return s, nil
	}
	out := make([]byte, 0, 64)
	var hi byte
	odd := false
	for p.pos < len(p.buf) {
		c := p.buf[p.pos]
		p.pos++
		if c == '>' {
			if odd {
				out = append(out, hi<<4)
			}
			return String(out), nil
		}
		if isSpace(c) {
			continue
		}
		v, ok := hexVal(c)
		if !ok {
			return nil, p.errorf("bad character %q in hex string", c)
		}
		if odd {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		odd = !odd
	}
	return nil, p.errorf("unterminated hex string")
}

// plainHex decodes a hex string of an even number of digits and nothing
// else (the signatures' /Contents) at once; any other is left to hex.
func (p *parser) plainHex() (String, bool) {
	n := bytes.IndexByte(p.buf[p.pos:], '>')
	if n < 0 || n%2 != 0 {
		return nil, false
	}
	out := make([]byte, n/2)
	if _, err := hex.Decode(out, p.buf[p.pos:p.pos+n]); err != nil {
		return nil, false
	}
	p.pos += n + 1
	return String(out), true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Text decodes a PDF text string: UTF-16BE with a BOM, UTF-8 with a BOM, or
// PDFDocEncoding (read as Latin-1, which matches it for the printable range).
func (s String) Text() string {
	switch {
	case len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF:
		u := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(u))
	case len(s) >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF:
		return strings.ToValidUTF8(string(s[3:]), "\uFFFD")
	}
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(rune(c))
	}
	return b.String()
}

// textString encodes s as a PDF text string: plain ASCII stays literal,
// anything else becomes UTF-16BE with a BOM, written in hex.
func textString(s string) string { return string(appendText(make([]byte, 0, 4*len(s)+8), s)) }

// appendText appends s as textString writes it.
func appendText(b []byte, s string) []byte {
	if plainASCII(s) {
		b = append(b, '(')
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '\\' || c == '(' || c == ')' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
		}
		return append(b, ')')
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	b = append(b, "<feff"...)
	for _, r := range s {
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			b = appendHex16(appendHex16(b, hi), lo)
			continue
		}
		b = appendHex16(b, r)
	}
	return append(b, '>')
}

// plainASCII reports whether s is printable ASCII only.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// appendHex16 appends the four lower-case hex digits of the UTF-16 code unit u.
func appendHex16(b []byte, u rune) []byte {
	const digits = "0123456789abcdef"
	return append(b, digits[u>>12&15], digits[u>>8&15], digits[u>>4&15], digits[u&15])
}
