package agency

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/catalogue"
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
