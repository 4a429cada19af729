package cli

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// allowedImports are the ezz packages cli may import: the agency layer, the
// bilingual text type and the registry of EZZ_* variables its help names.
// Every other ezz package is reached through internal/agency.
var allowedImports = map[string]bool{
	"ezz/internal/agency": true,
	"ezz/internal/text":   true,
	"ezz/internal/env":    true,
}

// pendingFiles are commands written before the agency layer and not moved
// behind it yet, with what they still import. The list may only shrink:
// a new file here fails the test, and so does an entry no longer needed.
var pendingFiles = map[string]string{}

// TestImports lists cli's imports and fails on a domain package imported
// other than through the agency layer.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		var bad []string
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "ezz/") && !allowedImports[path] {
				bad = append(bad, strings.TrimPrefix(path, "ezz/internal/"))
			}
		}
		got := strings.Join(bad, " ")
		if want, ok := pendingFiles[f]; ok {
			if got != want {
				t.Errorf("%s imports %q, the pending list says %q: move it behind internal/agency and shrink the list", f, got, want)
			}
			continue
		}
		if got != "" {
			t.Errorf("%s imports %s: cli reaches domain packages only through internal/agency", f, got)
		}
	}
}
