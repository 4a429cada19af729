package verify

import (
	"context"
	"testing"
)

// FuzzFile feeds File hostile files: seeds are a real certificate, the same
// truncated, with a byte flipped, empty and random bytes. It must never panic
// and must always give a verdict with all six checks.
func FuzzFile(f *testing.F) {
	fx := shared(f)
	c := fx.sample(f, 0)
	f.Add(c.PDF)
	f.Add(c.PDF[:len(c.PDF)/2])
	f.Add(c.PDF[:len(c.PDF)-10])
	f.Add(flipSigned(f, c.PDF))
	f.Add(changePage(f, c.PDF))
	f.Add([]byte{})
	f.Add([]byte("%PDF-1.7\n%%EOF"))
	f.Add([]byte("\x8a\x01\xff%PDF-trailer startxref 99999999999 %%EOF"))
	opts := fx.options(checkAt)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkShape(t, File(context.Background(), data, "fuzz.pdf", opts))
	})
}

// FuzzQR feeds QR hostile payloads: a real token, truncated, with a URL
// prefix, empty and random text.
func FuzzQR(f *testing.F) {
	fx := shared(f)
	c := fx.sample(f, 1)
	f.Add(c.QR)
	f.Add(c.QR[:len(c.QR)/2])
	f.Add("https://example.invalid/v?" + c.QR)
	f.Add("")
	f.Add("EZZ1:")
	f.Add("EZZ1:1.2.156.3005.2.X:%%%%")
	opts := fx.options(checkAt)
	f.Fuzz(func(t *testing.T, payload string) {
		checkShape(t, QR(context.Background(), payload, opts))
	})
}

// checkShape checks what every report must have.
func checkShape(t *testing.T, r *Report) {
	t.Helper()
	if len(r.Checks) != len(Names) {
		t.Fatalf("got %d checks, want %d", len(r.Checks), len(Names))
	}
	failed := false
	for i, c := range r.Checks {
		if c.Name != Names[i] {
			t.Fatalf("check %d is %q, want %q", i, c.Name, Names[i])
		}
		if c.Reason.IsZero() {
			t.Fatalf("%s: %s without a reason", c.Name, c.Result)
		}
		switch c.Result {
		case Pass, Warn, NotChecked:
		case Fail:
			failed = true
		default:
			t.Fatalf("%s: result %q", c.Name, c.Result)
		}
	}
	if failed != (r.Verdict == Invalid) || r.Valid != (r.Verdict == Valid) {
		t.Fatalf("verdict %s, valid %v with a failed check: %v", r.Verdict, r.Valid, failed)
	}
}

// BenchmarkVerifyFile verifies one issued certificate per iteration with the
// workspace's trust and ledger (all six checks).
func BenchmarkVerifyFile(b *testing.B) {
	fx := shared(b)
	c := fx.sample(b, 0)
	opts := fx.options(checkAt)
	b.SetBytes(int64(len(c.PDF)))
	for b.Loop() {
		if r := File(context.Background(), c.PDF, "c.pdf", opts); !r.Valid {
			b.Fatalf("not valid: %+v", r.Checks)
		}
	}
}

// BenchmarkVerifyQR verifies one QR payload per iteration, with the ledger.
func BenchmarkVerifyQR(b *testing.B) {
	fx := shared(b)
	c := fx.sample(b, 1)
	opts := fx.options(checkAt)
	for b.Loop() {
		if r := QR(context.Background(), c.QR, opts); !r.Valid {
			b.Fatalf("not valid: %+v", r.Checks)
		}
	}
}
