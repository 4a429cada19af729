package catalogue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLint feeds arbitrary YAML to the parser and every lint check: bad input
// must give findings, never a panic (which lint would report as an internal error).
func FuzzLint(f *testing.F) {
	for _, name := range bundled {
		if data, err := os.ReadFile(bundledPath(name)); err == nil {
			f.Add(data)
		}
	}
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "catalogue", "*.yaml"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a: &a [*a, *a]\nb: *a\n"))
	f.Add([]byte("format: ezz/template/v1\nsamples: [{x: 1}]\nface: {elements: [{kind: qr, w: -1}]}\n"))
	l := NewLinter(nil)
	path := filepath.Join("..", "..", "templates", "food-business", "fuzz.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > MaxTemplateSize {
			return
		}
		tpl, fs := parse(path, data)
		if tpl.root != nil {
			fs = append(fs, l.Template(tpl)...)
		}
		for _, x := range fs {
			if x.Rule == RuleInternal {
				t.Fatalf("lint panicked: %s", x.Message.En)
			}
			if strings.Contains(x.Message.En+x.Message.Zh, "%!") {
				t.Fatalf("message with a formatting error: %s", x.Message.En)
			}
		}
	})
}
