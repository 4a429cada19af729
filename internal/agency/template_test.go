package agency

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/catalogue"
	"ezz/internal/font"
	"ezz/internal/testenv"
	"ezz/internal/workspace"
)

// TestLoadTemplateHash: the hash computed while the template is linted and
// its renderer built is catalogue.Hash of the template (go test -race checks
// the concurrency).
func TestLoadTemplateHash(t *testing.T) {
	a := &Agency{}
	path := filepath.Join("..", "..", "templates", "food-business", "template.yaml")
	tpl, err := a.LoadTemplate(path, TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tpl.Hash, "sm3:") || len(tpl.Hash) != 4+64 || tpl.Renderer == nil {
		t.Fatalf("hash %q, renderer %v", tpl.Hash, tpl.Renderer)
	}
	plain, err := catalogue.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := catalogue.Hash(plain)
	if err != nil || tpl.Hash != want {
		t.Fatalf("hash %q, want catalogue.Hash %q (%v)", tpl.Hash, want, err)
	}
}

// TestLoadTemplateKeepsSums: in a workspace, the first load keeps the
// assets' SM3s in cache/asset-sums and the next load gives the same hash.
func TestLoadTemplateKeepsSums(t *testing.T) {
	a := &Agency{Workspace: &workspace.Workspace{Dir: t.TempDir()}}
	path := filepath.Join("..", "..", "templates", "food-business", "template.yaml")
	first, err := a.LoadTemplate(path, TemplateOptions{NoPDF: true})
	if err != nil {
		t.Fatal(err)
	}
	file := a.Workspace.CachePath(sumsFile)
	if st, err := os.Stat(file); err != nil || st.Size() == 0 {
		t.Fatalf("no sums kept in %s: %v", file, err)
	}
	again, err := a.LoadTemplate(path, TemplateOptions{NoPDF: true})
	if err != nil || again.Hash != first.Hash {
		t.Fatalf("second load: hash %q, %v; want %q", again.Hash, err, first.Hash)
	}
}

// TestLoadTemplateSeesAChangedFont: behind a warm cache/asset-sums, a font
// changed in one byte with its size and mtime kept gives the hash an
// uncached run gives, not the old one (the path every issuing run takes).
func TestLoadTemplateSeesAChangedFont(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "templates", "food-business")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	c, err := font.Resolve([]string{"DejaVuSans.ttf"}, font.SystemDirs())
	if err != nil {
		t.Fatal(err)
	}
	sys, err := os.ReadFile(c.Font(0).Path)
	if err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(dir, "DejaVuSans.ttf") // found before the system's
	if err := os.WriteFile(local, sys, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "template.yaml")
	a := &Agency{Workspace: &workspace.Workspace{Dir: t.TempDir()}}
	before, err := a.LoadTemplate(path, TemplateOptions{NoPDF: true})
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(local)
	if err != nil {
		t.Fatal(err)
	}
	sys[len(sys)-2] ^= 0x10 // the font still parses
	if err := os.WriteFile(local, sys, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(local, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	after, err := a.LoadTemplate(path, TemplateOptions{NoPDF: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := catalogue.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := catalogue.HashWith(plain, catalogue.NewSums(""))
	if err != nil {
		t.Fatal(err)
	}
	if after.Hash != want || after.Hash == before.Hash {
		t.Fatalf("after the edit: hash %s, want the uncached %s (before: %s)", after.Hash, want, before.Hash)
	}
}

// TestLoadTemplateFontDir: with --font-dir, the hash is of the fonts found
// there, as the face is drawn and as verify --font-dir hashes the template —
// not of the system's fonts of the same name.
func TestLoadTemplateFontDir(t *testing.T) {
	bold, err := font.Resolve([]string{"DejaVuSans-Bold.ttf"}, font.SystemDirs())
	if err != nil {
		testenv.Missing(t, "DejaVuSans-Bold.ttf (scripts/install-deps.sh): %v", err)
	}
	data, err := os.ReadFile(bold.Font(0).Path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "DejaVuSans.ttf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "templates", "food-business", "template.yaml")
	tpl, err := (&Agency{}).LoadTemplate(path, TemplateOptions{FontDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := catalogue.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	system, err := catalogue.Hash(plain)
	if err != nil {
		t.Fatal(err)
	}
	plain.FontDirs = []string{dir}
	want, err := catalogue.Hash(plain)
	if err != nil || tpl.Hash != want || want == system {
		t.Fatalf("hash %s, want the --font-dir one %s (%v), not the system fonts' %s", tpl.Hash, want, err, system)
	}
}

// TestLoadTemplateFontErrors: with the fonts read ahead, a face naming a font
// that is not there and one that is no TrueType font are refused with the
// lint's findings about them, as the lint alone gives them.
func TestLoadTemplateFontErrors(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "templates", "food-business")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "not-a-font.ttf"), []byte("not a font at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "template.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const fonts = "fonts: [wqy-microhei.ttc,"
	if !strings.Contains(string(data), fonts) {
		t.Fatalf("%s has no %q", path, fonts)
	}
	data = []byte(strings.Replace(string(data), fonts, "fonts: [no-such-font.ttf, not-a-font.ttf, wqy-microhei.ttc,", 1))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := catalogue.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, fd := range catalogue.NewLinter(nil).Template(tmpl) {
		if fd.Severity == catalogue.Error {
			want = append(want, fd.In("en"))
		}
	}
	if len(want) < 2 {
		t.Fatalf("the lint alone finds %q, want both fonts refused", want)
	}
	_, err = (&Agency{}).LoadTemplate(path, TemplateOptions{NoPDF: true})
	if err == nil {
		t.Fatal("loaded a template whose fonts are missing or broken")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks the lint's %q", err, w)
		}
	}
}
