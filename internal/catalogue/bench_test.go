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

// BenchmarkHash is the catalogue hash of food-business (its ≈60 MB of fonts):
// "sm3" reads every file with SM3, as without a workspace's cache/asset-sums;
// "sums" finds them all in a warm Sums (one SHA-256 pass each).
func BenchmarkHash(b *testing.B) {
	tpl, err := Load(bundledPath("food-business"))
	if err != nil {
		b.Fatal(err)
	}
	warm := NewSums("")
	if _, err := HashWith(tpl, warm); err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name string
		sums func() *Sums
	}{{"sm3", func() *Sums { return NewSums("") }}, {"sums", func() *Sums { return warm }}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := HashWith(tpl, bb.sums()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
