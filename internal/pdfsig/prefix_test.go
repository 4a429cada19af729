package pdfsig

import (
	"bytes"
	"encoding/asn1"
	"testing"

	"github.com/emmansun/gmsm/sm3"
)

// TestPrefix signs with a prefix state that matches the document, one that
// does not, and none: all three verify, and SM3 resumes correctly — also
// SignSM3's digest of the signed file, resumed from the signature's hash.
func TestPrefix(t *testing.T) {
	pdf := testPDF(t)
	match, err := NewPrefix(pdf[:len(pdf)/2])
	if err != nil {
		t.Fatal(err)
	}
	other, err := NewPrefix(append([]byte("%PDF-9.9 not this one"), pdf[:100]...))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"sm2", "ecdsa"} {
		for name, p := range map[string]*Prefix{"matching": match, "other": other, "none": nil} {
			t.Run(kind+"/"+name, func(t *testing.T) {
				o := options(newKey(t, kind))
				o.Prefix = p
				out, err := Sign(pdf, o)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := Verify(out, nil)
				if err != nil || rep.Err() != nil {
					t.Fatalf("Verify: %v, %v", err, rep.Err())
				}
				want := sm3.Sum(out)
				if got := p.SM3(out); !bytes.Equal(got, want[:]) {
					t.Errorf("SM3 got %x, want %x", got, want)
				}
				out, sum, err := SignSM3(pdf, o)
				if err != nil {
					t.Fatal(err)
				}
				if want := sm3.Sum(out); !bytes.Equal(sum, want[:]) {
					t.Errorf("SignSM3: file SM3 %x, want %x", sum, want)
				}
			})
		}
	}
}

// TestFirstElement: the CMS is cut from /Contents by its DER length, so one
// whose last byte is zero (a signature ending in 0x00, 1 in 256) survives.
func TestFirstElement(t *testing.T) {
	der, err := asn1.Marshal(struct{ A, B []byte }{[]byte{1, 2}, []byte{3, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	padded := append(append([]byte{}, der...), make([]byte, 40)...)
	if got := firstElement(padded); !bytes.Equal(got, der) {
		t.Errorf("got % x, want % x", got, der)
	}
	if got := firstElement([]byte{0x30, 0x80, 1, 0, 0, 0}); !bytes.Equal(got, []byte{0x30, 0x80, 1}) {
		t.Errorf("BER fallback: got % x", got)
	}
}
