package dataitem

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The fast paths of the cleaning passes (isPlain, mayHaveE, isoDate) are
// checked against the passes written without them: the oracles below are
// the code before the fast paths, kept as it was.

func cleanSpaceOracle(s string) string {
	var b strings.Builder
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

func normalizeTextOracle(v string) (string, bool) {
	if hasControl(v) {
		return "", false
	}
	return norm.NFC.String(halfWidthAlnum(v)), true
}

// checkFast fails when a fast path answers otherwise than its oracle.
func checkFast(t *testing.T, s string) {
	t.Helper()
	if got, want := CleanSpace(s), cleanSpaceOracle(s); got != want {
		t.Fatalf("CleanSpace(%q) = %q, want %q", s, got, want)
	}
	if got, want := IsMangledNumber(s), scientific(s); got != want {
		t.Fatalf("IsMangledNumber(%q) = %v, want %v", s, got, want)
	}
	if !utf8.ValidString(s) {
		return // normalize refuses it before normalizeText
	}
	got, err := normalizeText(s)
	want, ok := normalizeTextOracle(s)
	if got != want || (err == nil) != ok {
		t.Fatalf("normalizeText(%q) = %q, %v; want %q, %v", s, got, err, want, ok)
	}
}

// TestPlainRange checks every rune isPlain lets through: U+4000–U+9FFF alone,
// between ASCII letters and spaces, and next to a combining mark (which NFC
// may compose with the rune before it, so the string is not plain).
func TestPlainRange(t *testing.T) {
	runes := []rune("、。（），：；《》〔〕")
	for r := rune(0x4000); r <= 0x9FFF; r++ {
		runes = append(runes, r)
	}
	for _, r := range runes {
		c := string(r)
		for _, s := range []string{c, "a" + c + "b", c + " " + c, "1" + c + c + "Z", c + "\u0301", "e\u0301" + c} {
			if strings.ContainsRune(s, '\u0301') && isPlain(s) {
				t.Fatalf("isPlain(%q) with a combining mark", s)
			}
			checkFast(t, s)
		}
		if !isPlain("a" + c + " " + c) {
			t.Fatalf("isPlain(%q) = false", "a"+c)
		}
		if !isPlain(c) || !isPlain(c+c) {
			t.Fatalf("isPlain(%q) = false", c)
		}
		if p := norm.NFC.PropertiesString(c); p.CCC() != 0 || !p.BoundaryBefore() || !p.BoundaryAfter() {
			t.Fatalf("U+%04X may combine under NFC", r)
		}
	}
}

// TestMayHaveE: every rune that ToHalfWidth and ToUpper turn into an E is
// one mayHaveE sees.
func TestMayHaveE(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if strings.Contains(strings.ToUpper(ToHalfWidth(s)), "E") && !mayHaveE(s) {
			t.Fatalf("U+%04X becomes an E but mayHaveE(%q) = false", r, s)
		}
	}
}

// TestNumberShaped: a rune numberShaped refuses is neither trimmed by
// scientific nor folded into a digit, a sign, a point or an E, so that a
// value holding it is never a number in scientific notation.
func TestNumberShaped(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		s := string(r) // U+FFFD for a surrogate, as for an invalid byte
		if numberShaped(s) {
			continue
		}
		h := ToHalfWidth(s)
		if strings.TrimSpace(h) != h || strings.ContainsAny(strings.ToUpper(h), "0123456789.+-E") {
			t.Fatalf("numberShaped(%q) = false, but scientific may read U+%04X as part of a number", s, r)
		}
	}
	for _, s := range []string{"1.1E+17", " １．１Ｅ＋１７\u3000", "-2e10\t", "\u00a01E10"} {
		if !numberShaped(s) || !IsMangledNumber(s) {
			t.Errorf("IsMangledNumber(%q) = false", s)
		}
	}
}

func TestFastPaths(t *testing.T) {
	for _, s := range []string{"", " ", "武汉市江汉区小吃店", " 武汉 ", "武汉  店", "武汉\u3000店", "武\u200b汉", "\ufeff武汉",
		"武汉（江汉）", "ＪＹ１２", "更\uf901", "1.10105199001011E+17", "1.1e+17", "１.１Ｅ＋１７", "E", "Restaurant 1E+10",
		"\xe4\xb8", "\xe4\xb8\x41", "\xe4\x41\x80", "武\xff", "\xe9\xbf\xbf", "a\x7f", "a\tb", "a\nb", "\u00a0a"} {
		t.Run(fmt.Sprintf("%q", s), func(t *testing.T) { checkFast(t, s) })
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{"武汉市江汉区小吃店", " 武汉 ", "武汉（江汉）", "1.1E+17", "\xe4\xb8\x41", "e\u0301武"} {
		f.Add(s)
	}
	f.Fuzz(checkFast)
}

func TestISODate(t *testing.T) {
	for y := 1000; y <= 9999; y += 7 {
		for m := 1; m <= 12; m++ {
			for _, d := range []int{1, 9, 10, 28, 31} {
				if got, want := isoDate(y, m, d), fmt.Sprintf("%04d-%02d-%02d", y, m, d); got != want {
					t.Fatalf("isoDate(%d, %d, %d) = %q, want %q", y, m, d, got, want)
				}
			}
		}
	}
}

func TestExcelSerialDates(t *testing.T) {
	for n := 1; n <= excelMaxSerial; n++ {
		if n == 60 {
			continue
		}
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if n < 60 {
			base = base.AddDate(0, 0, 1)
		}
		got, err := excelSerial("", n)
		if want := base.AddDate(0, 0, n).Format(time.DateOnly); err != nil || got != want {
			t.Fatalf("excelSerial(%d) = %q, %v; want %q", n, got, err, want)
		}
	}
}
