package catalogue

import "testing"

// BenchmarkLint100 lints a hundred templates (the bundled three, repeated)
// with one Linter, as one `ezz catalogue lint` run over a catalogue does.
func BenchmarkLint100(b *testing.B) {
	files := make([]string, 100)
	for i := range files {
		files[i] = bundledPath(bundled[i%len(bundled)])
	}
	for b.Loop() {
		l := NewLinter(nil)
		for _, f := range files {
			if fs := l.File(f); len(fs) > 0 {
				b.Fatalf("got %s", fs[0])
			}
		}
	}
}
