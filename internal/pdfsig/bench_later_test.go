package pdfsig

import (
	"testing"

	"github.com/emmansun/gmsm/smx509"
)

// BenchmarkVerifyLaterRevisions verifies a file with a later signature and
// DSS data after the issuing one: the structural checks of later revisions.
func BenchmarkVerifyLaterRevisions(b *testing.B) { benchLater(b, true) }

// BenchmarkVerifyLaterSignature verifies a file with a later signature only.
func BenchmarkVerifyLaterSignature(b *testing.B) { benchLater(b, false) }

func benchLater(b *testing.B, dss bool) {
	k := newKey(b, "sm2")
	pdf, err := Sign(benchPDF(b), options(k))
	if err != nil {
		b.Fatal(err)
	}
	pdf = laterSignature(b, pdf, "sm2")
	if dss {
		pdf = addDSS(b, pdf, false)
	}
	roots := []*smx509.Certificate{k.root}
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Verify(pdf, roots)
		if err != nil || r.Err() != nil || len(r.Signatures) != 2 {
			b.Fatal(err, r.Err())
		}
	}
}
