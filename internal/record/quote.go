package record

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// appendString appends s in NFC as a JSON string, escaping only '"', '\\'
// and control characters (as \b \f \n \r \t or \u00xx). It reports false
// when s is not valid UTF-8 (its bytes are written as norm leaves them).
//
// One pass over s finds the common case, a string nothing changes (ASCII
// that needs no escape and runes nfcAlready passes), and appends it whole;
// anything else goes to appendQuoted (FuzzAppendString keeps the two equal).
func appendString(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if c < 0x20 || c == '"' || c == '\\' {
				return appendQuoted(dst, s)
			}
			for i++; i+8 <= len(s) && plainASCII8(s[i:i+8]); {
				i += 8 // ASCII runs on, a word at a time
			}
		case cjkIdeograph3(s, i):
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !nfcStable(r) { // also utf8.RuneError, for invalid bytes
				return appendQuoted(dst, s)
			}
			i += n
		}
	}
	dst = append(dst, '"')
	return append(append(dst, s...), '"'), true
}

// plainASCII8 reports whether the 8 bytes of s are all ASCII that needs no
// escape: none has its high bit set, is below 0x20, or is '"' or '\\'.
func plainASCII8(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	_ = s[7] // one bounds check
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	quote, backslash := x^(ones*'"'), x^(ones*'\\')
	// With no high bit set, a byte b has b-k borrow into its high bit exactly
	// when b < k: below 0x20, or zero after the XOR with '"' or '\\'.
	below := (x - ones*0x20) | (quote - ones) | (backslash - ones)
	return (x|below)&highs == 0
}

// cjkIdeograph3 reports whether s[i:] starts with the UTF-8 encoding of a
// rune of U+4E00–U+9FFF (CJK unified ideographs, in nfcStableRanges): lead
// byte E4 (second byte B8–BF) to E9, two continuation bytes. Such a sequence
// is never overlong or a surrogate, so it is valid UTF-8.
func cjkIdeograph3(s string, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	c, b1, b2 := s[i], s[i+1], s[i+2]
	return c >= 0xe4 && c <= 0xe9 && b1&0xc0 == 0x80 && b2&0xc0 == 0x80 && (c != 0xe4 || b1 >= 0xb8)
}

// appendQuoted is appendString for any string: NFC unless nfcAlready passes
// it, then the escapes.
func appendQuoted(dst []byte, s string) ([]byte, bool) {
	valid := true
	if !nfcAlready(s) {
		valid = utf8.ValidString(s)
		s = norm.NFC.String(s)
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			dst = appendEscape(append(dst, s[start:i]...), c)
			start = i + 1
		}
	}
	return append(append(dst, s[start:]...), '"'), valid
}

// appendEscape appends the JSON escape of c, one of '"', '\\' or a control character.
func appendEscape(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, `\b`...)
	case '\f':
		return append(dst, `\f`...)
	case '\n':
		return append(dst, `\n`...)
	case '\r':
		return append(dst, `\r`...)
	case '\t':
		return append(dst, `\t`...)
	}
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
}

// writeString writes s as appendString does.
func writeString(buf *bytes.Buffer, s string) {
	b, _ := appendString(buf.AvailableBuffer(), s)
	buf.Write(b)
}

// nfcAlready reports, cheaply, that s is valid UTF-8 in NFC: every rune is
// ASCII or in a block of Chinese text whose characters are each their own
// NFC and never compose with a neighbour (TestNFCStableRanges checks every
// one). false means only that norm must look.
func nfcAlready(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		if cjkIdeograph3(s, i) {
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !nfcStable(r) {
			return false // also utf8.RuneError, for invalid bytes
		}
		i += n
	}
	return true
}

// nfcStableRanges are the blocks nfcAlready passes: CJK unified ideographs
// (and extension A), CJK punctuation, general punctuation, full-width forms.
var nfcStableRanges = [...][2]rune{
	{0x4e00, 0x9fff}, {0xff01, 0xff5e}, {0x3000, 0x3029}, {0x2010, 0x2016}, {0x2018, 0x2027}, {0x00b7, 0x00b7}, {0x3400, 0x4dbf},
}

func nfcStable(r rune) bool {
	for _, rg := range nfcStableRanges {
		if r >= rg[0] && r <= rg[1] {
			return true
		}
	}
	return false
}

// appendInt appends n in decimal.
func appendInt(dst []byte, n int) []byte { return strconv.AppendInt(dst, int64(n), 10) }
