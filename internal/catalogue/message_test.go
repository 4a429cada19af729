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

// TestEveryMessageHasChinese reads the package's source: every text.F,
// text.Errorf and text.Badf call pairs a Chinese format (with Han characters)
// with an English one, both using the same arguments; no finding is made from
// text.New(x, x), which is untranslated.
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
			if fn, ok := call.Fun.(*ast.SelectorExpr); ok {
				switch pkg, _ := fn.X.(*ast.Ident); {
				case pkg != nil && pkg.Name == "text" && (fn.Sel.Name == "F" || fn.Sel.Name == "Errorf" || fn.Sel.Name == "Badf"):
					calls++
					checkTr(t, pos, call)
				case fn.Sel.Name == "at" || fn.Sel.Name == "atPath" || fn.Sel.Name == "atSev":
					if untranslated(call.Args[len(call.Args)-1]) {
						t.Errorf("%s: a finding made from text.New(x, x) has no Chinese message", pos)
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
		t.Errorf("got %d text.F calls, want the messages of every rule (50 or more)", calls)
	}
}

// untranslated reports whether e is text.New(x, x): the same text in both languages.
func untranslated(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 2 {
		return false
	}
	fn, ok := call.Fun.(*ast.SelectorExpr)
	a, ok1 := call.Args[0].(*ast.Ident)
	b, ok2 := call.Args[1].(*ast.Ident)
	return ok && fn.Sel.Name == "New" && ok1 && ok2 && a.Name == b.Name
}

func checkTr(t *testing.T, pos token.Position, call *ast.CallExpr) {
	t.Helper()
	if len(call.Args) < 2 {
		t.Errorf("%s: text.F needs a Chinese and an English format", pos)
		return
	}
	zh, ok1 := stringLit(call.Args[0])
	en, ok2 := stringLit(call.Args[1])
	if !ok1 || !ok2 {
		t.Errorf("%s: text.F's formats must be string literals", pos)
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

// assertTranslated checks that each finding's Chinese message is a
// translation: not empty, not the English, and with Chinese characters of its
// own (not only those quoted from the template).
func assertTranslated(t *testing.T, fs []Finding) {
	t.Helper()
	for _, f := range fs {
		e, z := f.Message.En, f.Message.Zh
		own := strings.ContainsFunc(z, func(r rune) bool { return isHan(r) && !strings.ContainsRune(e, r) })
		switch {
		case e == "" || z == "":
			t.Errorf("%s: empty message (en %q, zh %q)", f.Rule, e, z)
		case z == e || !own:
			t.Errorf("%s: got Chinese message %q, want a translation of %q", f.Rule, z, e)
		case strings.Contains(z, "%!") || strings.Contains(e, "%!"):
			t.Errorf("%s: formatting error in %q / %q", f.Rule, z, e)
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
	_, en, err := NewLinter(nil).Paths([]string{broken})
	if err != nil {
		t.Fatal(err)
	}
	assertTranslated(t, en)
	for _, r := range Rules {
		// office-no-seal needs a workspace: lint_workspace.txtar and TestLintInWorkspace
		if r.Code != RuleInternal && r.Code != RuleOfficeSeal && !slices.ContainsFunc(en, func(f Finding) bool { return f.Rule == r.Code }) {
			t.Errorf("rule %s: no broken template in catalogue_rules.txtar produces it; add one", r.Code)
		}
	}
}
