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

// BenchmarkSignRecord measures canonical encoding plus signing, per record.
func BenchmarkSignRecord(b *testing.B) {
	for _, k := range testKeys(b) {
		b.Run(k.name, func(b *testing.B) {
			r, id := sample(), sign.KeyID(k.key.Public())
			for b.Loop() {
				if _, err := SignRecord(r, k.key, id); err != nil {
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
			env, err := SignRecord(sample(), k.key, sign.KeyID(k.key.Public()))
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
