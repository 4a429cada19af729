package pdfsig

import (
	"bytes"
	"testing"

	"github.com/emmansun/gmsm/sm3"
)

// TestPrefix signs with a prefix state that matches the document, one that
// does not, and none: all three verify, and SM3 resumes correctly.
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
			})
		}
	}
}
