package agency

import (
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/catalogue"
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
