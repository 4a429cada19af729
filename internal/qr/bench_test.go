package qr

import (
	"bytes"
	"testing"
)

func BenchmarkMake(b *testing.B) {
	key := sm2Key(b)
	c := claimsFor(key)
	for b.Loop() {
		mustMake(b, c, key, urlPrefix)
	}
}

func BenchmarkVerify(b *testing.B) {
	key := sm2Key(b)
	p := mustMake(b, claimsFor(key), key, urlPrefix)
	lookup := lookupOf(key)
	for b.Loop() {
		if _, err := Verify(p, lookup, t0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkModules(b *testing.B) {
	key := sm2Key(b)
	p := mustMake(b, claimsFor(key), key, urlPrefix)
	for b.Loop() {
		if _, err := Modules(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	key := sm2Key(b)
	p := mustMake(b, claimsFor(key), key, urlPrefix)
	for b.Loop() {
		if _, err := PNG(p, 4); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeImage(b *testing.B) {
	key := sm2Key(b)
	data, err := PNG(mustMake(b, claimsFor(key), key, urlPrefix), 4)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := DecodeImage(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVersion is the size check Make does: segmentation only.
func BenchmarkVersion(b *testing.B) {
	key := sm2Key(b)
	p := mustMake(b, claimsFor(key), key, urlPrefix)
	for b.Loop() {
		if _, err := Version(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMaskChoice scores the 8 masks of a version-10 symbol.
func BenchmarkMaskChoice(b *testing.B) {
	key := sm2Key(b)
	s, err := encodeSymbol(mustMake(b, claimsFor(key), key, urlPrefix))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s.bestMask()
	}
}

// BenchmarkMakeBare is a token without a URL prefix, as a conversion makes it
// when the workspace sets no qr_url_prefix.
func BenchmarkMakeBare(b *testing.B) {
	key := sm2Key(b)
	c := claimsFor(key)
	for b.Loop() {
		mustMake(b, c, key, "")
	}
}

// BenchmarkCheck is what a conversion without PDFs spends on each row's QR
// token instead of signing it (BenchmarkMake, BenchmarkMakeBare): bare, and
// behind the documented URL prefix, where the worst case is segmented (an
// identifier of the demo's length).
func BenchmarkCheck(b *testing.B) {
	key := sm2Key(b)
	c := claimsFor(key)
	c.Identifier = typicalID
	for _, bench := range []struct{ name, prefix string }{{"bare", ""}, {"url", urlPrefix}} {
		b.Run(bench.name, func(b *testing.B) {
			for b.Loop() {
				if sure, err := Check(c, key.Public(), bench.prefix); err != nil || !sure {
					b.Fatal(sure, err)
				}
			}
		})
	}
}
