package pdfsig

import (
	"testing"
)

// FuzzVerify feeds hostile bytes to the parser: it must never panic.
func FuzzVerify(f *testing.F) {
	good := signed(f, "ecdsa")
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:len(good)-10])
	f.Add([]byte{})
	f.Add([]byte("%PDF-1.7\ntrailer <</Root 1 0 R>>\nstartxref\n0\n%%EOF"))
	f.Add(testPDF(f))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		r, err := Verify(pdf, nil)
		if err == nil {
			_ = r.Err()
		}
		_, _ = Attachments(pdf)
	})
}
