package issuance

import (
	"testing"
	"time"
)

// BenchmarkBuildRecord is the record of one certificate from its validated
// values, before it is encoded and signed.
func BenchmarkBuildRecord(b *testing.B) {
	m, vals := newMaker(b, false)
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	for b.Loop() {
		if _, err := buildRecord(m.c.Template, vals, "1.2.156.3005.2.X", "office", "code", "TA", "sm3:x", at); err != nil {
			b.Fatal(err)
		}
	}
}
