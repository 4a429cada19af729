package catalogue

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/rogpeppe/go-internal/txtar"
)

func TestTextIn(t *testing.T) {
	inner := tr("，是否应为 %q？", "; did you mean %q?", "fonts")
	tests := []struct {
		name   string
		m      text
		zh, en string
	}{
		{"nested", tr("%s：未知键 %q%s", "%s: unknown key %q%s", tr("顶层", "top level"), "fnots", inner),
			`顶层：未知键 "fnots"，是否应为 "fonts"？`, `top level: unknown key "fnots"; did you mean "fonts"?`},
		{"zero", text{}, "", ""},
		{"zero nested", tr("键%s", "key%s", text{}), "键", "key"},
		{"same", same("a.b"), "a.b", "a.b"},
		{"both", both("中文", "English"), "中文", "English"},
		{"both without Chinese", both("", "English"), "English", "English"},
		{"indexed", tr("%[2]s 在 %[1]s", "%s has %s", "a", "b"), "b 在 a", "a has b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.In("zh"); got != tt.zh {
				t.Errorf("zh: got %q, want %q", got, tt.zh)
			}
			if got := tt.m.In("en"); got != tt.en {
				t.Errorf("en: got %q, want %q", got, tt.en)
			}
			if got := tt.m.In("fr"); got != tt.en {
				t.Errorf("fr: got %q, want the English %q", got, tt.en)
			}
			if tt.m.Error() != tt.en {
				t.Errorf("Error: got %q, want %q", tt.m.Error(), tt.en)
			}
		})
	}
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*[0-9.]*[a-zA-Z%]`)

// verbs returns the argument numbers (1-based) a format string uses.
func verbs(format string) []int {
	var used []int
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if strings.HasSuffix(m[0], "%") {
			continue
		}
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		used = append(used, next)
		next++
	}
	slices.Sort(used)
	return used
}

// TestEveryMessageHasChinese reads the package's source: every tr call pairs
// a Chinese format (with Han characters) with an English one, both using the
// same arguments; no finding is made from same(...), which is untranslated.
func TestEveryMessageHasChinese(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			pos := fset.Position(call.Pos())
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				if fn.Name == "tr" {
					calls++
					checkTr(t, pos, call)
				}
			case *ast.SelectorExpr:
				if fn.Sel.Name != "at" && fn.Sel.Name != "atPath" && fn.Sel.Name != "atSev" {
					break
				}
				if last, ok := call.Args[len(call.Args)-1].(*ast.CallExpr); ok {
					if id, ok := last.Fun.(*ast.Ident); ok && id.Name == "same" {
						t.Errorf("%s: a finding made from same(...) has no Chinese message", pos)
					}
				}
			}
			if lit, ok := n.(*ast.CompositeLit); ok && name != "doc.go" {
				if id, ok := lit.Type.(*ast.Ident); ok && id.Name == "Finding" {
					t.Errorf("%s: make findings with doc.at (which picks the language), not a Finding literal", pos)
				}
			}
			return true
		})
	}
	if calls < 50 {
		t.Errorf("got %d tr calls, want the messages of every rule (50 or more)", calls)
	}
}

func checkTr(t *testing.T, pos token.Position, call *ast.CallExpr) {
	t.Helper()
	if len(call.Args) < 2 {
		t.Errorf("%s: tr needs a Chinese and an English format", pos)
		return
	}
	zh, ok1 := stringLit(call.Args[0])
	en, ok2 := stringLit(call.Args[1])
	if !ok1 || !ok2 {
		t.Errorf("%s: tr's formats must be string literals", pos)
		return
	}
	if !strings.ContainsFunc(zh, isHan) {
		t.Errorf("%s: Chinese format %q has no Chinese characters", pos, zh)
	}
	if strings.TrimSpace(en) == "" {
		t.Errorf("%s: English format is empty", pos)
	}
	n := len(call.Args) - 2
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	if got := verbs(en); !slices.Equal(got, want) {
		t.Errorf("%s: English format %q uses arguments %v, want %v", pos, en, got, want)
	}
	if got := verbs(zh); !slices.Equal(got, want) {
		t.Errorf("%s: Chinese format %q uses arguments %v, want %v", pos, zh, got, want)
	}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// assertTranslated checks that en and zh are the same findings, each zh
// message a translation: not empty, not the English, and with Chinese
// characters of its own (not only those quoted from the template).
func assertTranslated(t *testing.T, en, zh []Finding) {
	t.Helper()
	if len(en) != len(zh) {
		t.Fatalf("got %d Chinese findings, want %d as in English", len(zh), len(en))
	}
	for i, e := range en {
		z := zh[i]
		if z.File != e.File || z.Line != e.Line || z.Column != e.Column || z.Rule != e.Rule || z.Severity != e.Severity {
			t.Errorf("finding %d: got %s, want the place, rule and severity of %s", i, z, e)
			continue
		}
		own := strings.ContainsFunc(z.Message, func(r rune) bool { return isHan(r) && !strings.ContainsRune(e.Message, r) })
		switch {
		case e.Message == "" || z.Message == "":
			t.Errorf("%s: empty message (en %q, zh %q)", e.Rule, e.Message, z.Message)
		case z.Message == e.Message || !own:
			t.Errorf("%s: got Chinese message %q, want a translation of %q", e.Rule, z.Message, e.Message)
		case strings.Contains(z.Message, "%!") || strings.Contains(e.Message, "%!"):
			t.Errorf("%s: formatting error in %q / %q", e.Rule, z.Message, e.Message)
		}
	}
}

// TestBrokenTemplatesInChinese lints the broken templates of
// testdata/script/catalogue_rules.txtar, which produce every rule, in both
// languages: every finding must have a Chinese message.
func TestBrokenTemplatesInChinese(t *testing.T) {
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "script", "catalogue_rules.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := filepath.Join(dir, "broken")
	seal, err := os.ReadFile(filepath.Join("..", "..", "templates", "food-business", "assets", "seal.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "assets", "seal.png"), seal, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "elsewhere", "seal.png"), seal, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "elsewhere", "seal.png"), filepath.Join(broken, "out.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nonexistent.yaml", filepath.Join(broken, "e-dangling.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "f-big.yaml"), make([]byte, MaxTemplateSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	lint := func(lang string) []Finding {
		l := NewLinter(nil)
		l.Lang = lang
		_, fs, err := l.Paths([]string{broken})
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	en, zh := lint("en"), lint("zh")
	assertTranslated(t, en, zh)
	for _, r := range Rules {
		if r.Code != RuleInternal && !slices.ContainsFunc(en, func(f Finding) bool { return f.Rule == r.Code }) {
			t.Errorf("rule %s: no broken template in catalogue_rules.txtar produces it; add one", r.Code)
		}
	}
}
