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

// BenchmarkAppendString writes the strings of a typical record: an
// identifier, codes, dates, a hash and Chinese names and addresses.
func BenchmarkAppendString(b *testing.B) {
	strs := []string{"1.2.156.3005.2.11100000000013338W032.11220000013544541J.TA0000001.001.F", "sm3:9f2c6d0b8e7a41c3d5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192",
		"2026-06-01", "2031-05-31", "2026-06-01T02:00:00Z", "91420100MA4KXXXX1X", "JY14201000000001", "食品经营许可证", "武汉市东湖新技术开发区高新大道999号",
		"武汉某某餐饮管理有限公司", "张三", "热食类食品制售；冷食类食品制售", "ezz/record/v1", "status", "catalogue_hash", "identifier", "01"}
	buf := make([]byte, 0, 4096)
	for b.Loop() {
		buf = buf[:0]
		for _, s := range strs {
			buf, _ = appendString(buf, s)
		}
	}
}
