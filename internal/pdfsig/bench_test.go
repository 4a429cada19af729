package pdfsig

import (
	"bytes"
	"testing"

	"github.com/emmansun/gmsm/smx509"
)

// benchPDF is a test PDF padded with a comment to about 120 KB, the size of a
// certificate face with its base image.
func benchPDF(b *testing.B) []byte {
	pdf := testPDF(b)
	pad := append([]byte("%"), bytes.Repeat([]byte("x"), 120<<10-len(pdf))...)
	at := bytes.Index(pdf, []byte("1 0 obj"))
	out := append(bytes.Clone(pdf[:at]), pad...)
	out = append(out, '\n')
	return fixOffsets(b, out, pdf, len(pad)+1)
}

// fixOffsets appends the objects of pdf to out and rebuilds the classic xref
// with every offset moved by the n bytes inserted before them.
func fixOffsets(b *testing.B, out, pdf []byte, n int) []byte {
	d, err := open(pdf)
	if err != nil {
		b.Fatal(err)
	}
	at := bytes.Index(pdf, []byte("1 0 obj"))
	out = append(out, pdf[at:d.startx]...)
	w := &writer{b: out, offs: map[int]int{}, gens: map[int]int{}}
	start := len(w.b)
	w.str("xref\n0 ").int(len(d.xref)).str("\n0000000000 65535 f\r\n")
	for i := 1; i < len(d.xref); i++ {
		w.b = append(w.b, []byte(padZero(d.xref[i].off+n))...)
		w.str(" 00000 n\r\n")
	}
	w.str("trailer\n").value(d.trailer()).str("\nstartxref\n").int(start).str("\n%%EOF\n")
	return w.b
}

func padZero(n int) string {
	s := []byte("0000000000")
	for i := 9; n > 0; i-- {
		s[i] = byte('0' + n%10)
		n /= 10
	}
	return string(s)
}

func benchSign(b *testing.B, kind string) {
	pdf := benchPDF(b)
	o := options(newKey(b, kind))
	if _, err := Verify(pdf, nil); err != ErrNoSignature {
		b.Fatalf("bench PDF: got %v, want ErrNoSignature", err)
	}
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(pdf, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignSM2(b *testing.B)   { benchSign(b, "sm2") }
func BenchmarkSignECDSA(b *testing.B) { benchSign(b, "ecdsa") }

func BenchmarkVerify(b *testing.B) {
	k := newKey(b, "sm2")
	pdf, err := Sign(benchPDF(b), options(k))
	if err != nil {
		b.Fatal(err)
	}
	roots := []*smx509.Certificate{k.root}
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Verify(pdf, roots)
		if err != nil || r.Err() != nil {
			b.Fatal(err, r.Err())
		}
	}
}
