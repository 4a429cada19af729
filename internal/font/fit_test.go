package font

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestWidth(t *testing.T) {
	c := testChain(t)
	// wqy-microhei ideographs are one em wide: 10 pt → 10·25.4/72 mm each.
	if got, want := c.Width("电子证照", 10), 4*10*PtToMM; abs(got-want) > 1e-9 {
		t.Errorf("Width(电子证照, 10) = %v mm, want %v", got, want)
	}
	if got := c.Width("", 10); got != 0 {
		t.Errorf("Width(\"\") = %v, want 0", got)
	}
	if a, b := c.Width("iiii", 10), c.Width("WWWW", 10); a >= b {
		t.Errorf("Width(iiii) = %v ≥ Width(WWWW) = %v; want proportional widths", a, b)
	}
}

func TestFit(t *testing.T) {
	c := testChain(t)
	em := 10 * PtToMM // one ideograph at 10 pt, in mm
	tests := []struct {
		name     string
		s        string
		b        Box
		want     []string
		wantSize float64
		wantOK   bool
	}{
		{"fits", "电子证照", Box{W: 5 * em, Size: 10}, []string{"电子证照"}, 10, true},
		{"too wide no wrap", "电子证照电子", Box{W: 5 * em, Size: 10}, []string{"电子证照电子"}, 10, false},
		{"cjk wraps anywhere", "一二三四五六七", Box{W: 3 * em, Size: 10, Wrap: true}, []string{"一二三", "四五六", "七"}, 10, true},
		{"no comma at line start", "一二三，四五", Box{W: 3 * em, Size: 10, Wrap: true}, []string{"一二", "三，四", "五"}, 10, true},
		{"latin words kept", "ab cd ef", Box{W: c.Width("ab cd", 10) + 0.01, Size: 10, Wrap: true}, []string{"ab cd", "ef"}, 10, true},
		{"explicit break", "一\n二", Box{W: 3 * em, Size: 10}, []string{"一", "二"}, 10, true},
		{"shrinks", "一二三四", Box{W: 3 * em, Size: 10, MinSize: 6, Shrink: true}, []string{"一二三四"}, 7.5, true},
		{"shrink floor", "一二三四五六七八", Box{W: 3 * em, Size: 10, MinSize: 6, Shrink: true}, []string{"一二三四五六七八"}, 6, false},
		{"height limits wrap", "一二三四五六", Box{W: 3 * em, H: 1.3 * em, Size: 10, Wrap: true}, []string{"一二三", "四五六"}, 10, false},
		{"wrap then shrink", "一二三四五六七", Box{W: 3 * em, H: 2 * 1.2 * em, Size: 10, MinSize: 5, Wrap: true, Shrink: true}, []string{"一二三四", "五六七"}, 7.5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, ok := c.Fit(tt.s, tt.b)
			if !reflect.DeepEqual(l.Lines, tt.want) || l.Size != tt.wantSize || ok != tt.wantOK {
				t.Errorf("got %q at %v pt, %v; want %q at %v pt, %v", l.Lines, l.Size, ok, tt.want, tt.wantSize, tt.wantOK)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	got := tokens("ICP备2019 证书。OK")
	want := []string{"ICP", "备", "2019 ", "证", "书。", "OK"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokens = %q, want %q", got, want)
	}
	if got := strings.Join(tokens("a  b"), "|"); got != "a  |b" {
		t.Errorf("tokens(a  b) = %q", got)
	}
}

// tokens splits p as wrap does.
func tokens(p string) []string {
	var out []string
	for len(p) > 0 {
		n := tokenLen(p)
		out, p = append(out, p[:n]), p[n:]
	}
	return out
}

// TestWrapAsByConcatenation: wrap's lines, cut out of the paragraph, are
// those the line-by-line concatenation it replaced builds, for random
// paragraphs of ideographs, Latin words, spaces, closing punctuation,
// characters wider than the line and invalid UTF-8.
func TestWrapAsByConcatenation(t *testing.T) {
	c := testChain(t)
	pieces := []string{"证", "照", "电子", " ", "  ", "ab", "Zoë", "WWWWWWWWWWWW", "，", "。", "）", "2019", "\xff", "𠮷", "\u3000"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		p, w := b.String(), rng.Float64()*30
		if got, want := c.wrap(p, w, 10), wrapByConcatenation(c, p, w, 10); !reflect.DeepEqual(got, want) {
			t.Fatalf("wrap(%q, %.2f mm) = %q, want %q", p, w, got, want)
		}
	}
}

// wrapByConcatenation is wrap as it was written before: lines built by
// concatenating tokens, runes and spaces.
func wrapByConcatenation(c *Chain, p string, w, size float64) []string {
	var lines []string
	line, lineW := "", 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(line, " "))
		line, lineW = "", 0
	}
	rs := []rune(p)
	var toks []string
	for i := 0; i < len(rs); {
		j := i + 1
		if !breaksAnywhere(rs[i]) && !unicode.IsSpace(rs[i]) {
			for j < len(rs) && !breaksAnywhere(rs[j]) && !unicode.IsSpace(rs[j]) {
				j++
			}
		}
		for j < len(rs) && (unicode.IsSpace(rs[j]) || noLineStart(rs[j])) {
			j++
		}
		toks = append(toks, string(rs[i:j]))
		i = j
	}
	for _, tok := range toks {
		if line == "" {
			tok = strings.TrimLeft(tok, " ")
		}
		if lineW+c.Width(strings.TrimRight(tok, " "), size) <= w+1e-6 {
			line, lineW = line+tok, lineW+c.Width(tok, size)
			continue
		}
		if line != "" {
			flush()
			tok = strings.TrimLeft(tok, " ")
		}
		for _, r := range tok {
			rw := c.Width(string(r), size)
			if lineW+rw > w+1e-6 && line != "" && r != ' ' {
				flush()
			}
			line, lineW = line+string(r), lineW+rw
		}
	}
	if line != "" || len(lines) == 0 {
		flush()
	}
	return lines
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestFitHostileSizes(t *testing.T) {
	c := testChain(t)
	inf := math.Inf(1)
	for _, b := range []Box{
		{W: 10, Size: inf}, {W: 10, Size: inf, MinSize: inf, Shrink: true}, {W: 10, Size: math.NaN(), Shrink: true},
		{W: 10, Size: 1e12, MinSize: 1e-12, Shrink: true, Wrap: true, H: 5}, {W: -1, H: -1, Size: -5},
	} {
		l, _ := c.Fit(strings.Repeat("证照 ab ", 50), b)
		if l.Size < minPt || l.Size > maxPt || math.IsNaN(l.Size) {
			t.Errorf("Fit with %+v: size %v, want within [%d, %d] pt", b, l.Size, minPt, maxPt)
		}
	}
}

func FuzzFit(f *testing.F) {
	f.Add("电子证照 ABC", 30.0, 10.0, 12.0, 6.0, true, true)
	f.Add("a\nb c\r\n", 1.0, 0.0, 0.0, 0.0, false, true)
	f.Fuzz(func(t *testing.T, s string, w, h, size, minSize float64, wrap, shrink bool) {
		c := testChain(t)
		if len(s) > 2000 || !utf8.ValidString(s) { // values reach the face validated as UTF-8
			return
		}
		l, _ := c.Fit(s, Box{W: w, H: h, Size: size, MinSize: minSize, Wrap: wrap, Shrink: shrink})
		if strings.Join(strings.Fields(strings.Join(l.Lines, "")), "") != strings.Join(strings.Fields(s), "") {
			t.Errorf("Fit(%q) lines %q lose or add text", s, l.Lines)
		}
	})
}
