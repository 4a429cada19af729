package catalogue

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAssetOutside: an image named by an absolute path, or through a symlink
// that leads out of the template's directory, is an asset-outside warning
// (an error under --strict); the bundled layout, and a symlink that stays
// inside, give none.
func TestAssetOutside(t *testing.T) {
	elsewhere := filepath.Join(t.TempDir(), "seal.png")
	seal, err := os.ReadFile(filepath.Join("..", "..", "templates", "food-business", "assets", "seal.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(elsewhere, seal, 0o644); err != nil {
		t.Fatal(err)
	}
	link := func(name, target string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if target == "" {
				target = filepath.Join(dir, "assets", "seal.png")
			}
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name  string
		to    string
		setup func(t *testing.T, dir string)
		want  bool
	}{
		{"bundled", "image: assets/seal.png", nil, false},
		{"absolute path", "image: " + elsewhere, nil, true},
		{"symlink leading out", "image: out.png", link("out.png", elsewhere), true},
		{"symlink staying inside", "image: in.png", link("in.png", ""), false},
	}
	l := NewLinter(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := mutated(t, "image: assets/seal.png", tt.to)
			if tt.setup != nil {
				tt.setup(t, filepath.Dir(path))
			}
			got := false
			for _, f := range l.File(path) {
				if f.Rule == RuleAssetOutside {
					got = true
					if f.Severity != Warning {
						t.Errorf("severity %v, want a warning", f.Severity)
					}
				}
			}
			if got != tt.want {
				t.Errorf("asset-outside finding: got %v, want %v", got, tt.want)
			}
		})
	}
}
