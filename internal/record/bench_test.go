package record

import (
	"testing"

	"ezz/internal/sign"
)

func BenchmarkCanonical(b *testing.B) {
	r := sample()
	for b.Loop() {
		if _, err := r.Canonical(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeal measures canonical encoding plus signing, per record.
func BenchmarkSeal(b *testing.B) {
	for _, k := range testKeys(b) {
		b.Run(k.name, func(b *testing.B) {
			r, id := sample(), sign.KeyID(k.key.Public())
			for b.Loop() {
				if _, _, err := Seal(r, k.key, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpen measures parsing, canonical re-encoding and verifying, per record.
func BenchmarkOpen(b *testing.B) {
	for _, k := range testKeys(b) {
		b.Run(k.name, func(b *testing.B) {
			env, _, err := Seal(sample(), k.key, sign.KeyID(k.key.Public()))
			if err != nil {
				b.Fatal(err)
			}
			lookup := lookupOf(k.key)
			for b.Loop() {
				if _, err := Open(env, lookup); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
