package pdfsig

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/smx509"
)

// laterSignature signs pdf again the way a second signer would: no record, no Info.
func laterSignature(t testing.TB, pdf []byte, kind string) []byte {
	t.Helper()
	o := options(newKey(t, kind))
	o.Attachments, o.Info, o.Prefix = nil, nil, nil
	out, err := Sign(pdf, o)
	if err != nil {
		t.Fatalf("later Sign: %v", err)
	}
	return out
}

// addDSS appends PAdES validation data: a /DSS with /Certs, /OCSPs, /CRLs
// and a /VRI entry, referenced from the catalog; xrefStream picks the form.
func addDSS(t testing.TB, pdf []byte, xrefStream bool) []byte {
	t.Helper()
	u := newForge(t, pdf)
	dss, certs, cert, ocsp, crl, vri := u.num(), u.num(), u.num(), u.num(), u.num(), u.num()
	der := newKey(t, "ecdsa").chain[1].Raw
	u.stream(cert, "", der).stream(ocsp, "", []byte("0\x03\x0a\x01\x00")).stream(crl, "", []byte("0\x00"))
	u.obj(certs, fmt.Sprintf("[%d 0 R]", cert))
	u.obj(vri, fmt.Sprintf("<</Type/VRI/Cert %d 0 R/OCSP[%d 0 R]/TU(D:20250314093000Z)>>", certs, ocsp))
	u.obj(dss, fmt.Sprintf("<</Type/DSS/Certs %d 0 R/OCSPs[%d 0 R]/CRLs[%d 0 R]/VRI<</ABCDEF %d 0 R>>>>", certs, ocsp, crl, vri))
	catalog := u.dict(u.root())
	catalog["DSS"] = Ref{dss, 0}
	u.obj(u.root().Num, value(catalog))
	if xrefStream {
		return u.xrefStream(0)
	}
	return u.table()
}

func TestLaterRevisionsAllowed(t *testing.T) {
	good := signed(t, "ecdsa")
	twice := laterSignature(t, good, "sm2")
	tests := []struct {
		name string
		pdf  []byte
		sigs int
	}{
		{"a later invisible signature", twice, 2},
		{"a third signature", laterSignature(t, twice, "rsa"), 3},
		{"DSS data (xref table)", addDSS(t, good, false), 1},
		{"DSS data (xref stream)", addDSS(t, good, true), 1},
		{"a later signature, then DSS data", addDSS(t, twice, false), 2},
		{"DSS data, then a later signature", laterSignature(t, addDSS(t, good, false), "sm2"), 2},
		{"DSS data updated twice", addDSS(t, addDSS(t, good, false), false), 1},
		{"trailing white space", append(append([]byte{}, twice...), "\r\n \n"...), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Verify(tt.pdf, []*smx509.Certificate{newKey(t, "ecdsa").root, newKey(t, "sm2").root, newKey(t, "rsa").root})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if err := r.Err(); err != nil {
				t.Fatalf("Report.Err: got %v, want nil", err)
			}
			if len(r.Signatures) != tt.sigs {
				t.Fatalf("signatures: got %d, want %d", len(r.Signatures), tt.sigs)
			}
			if len(tt.pdf) > len(good) && r.Signatures[0].After != AfterSignatures {
				t.Errorf("first signature: After %v, want %v", r.Signatures[0].After, AfterSignatures)
			}
		})
	}
}

// TestReportFromSignedRevision swaps in B's record and Info by an update on
// A's face: the update fails, and the report still describes A.
func TestReportFromSignedRevision(t *testing.T) {
	k := newKey(t, "ecdsa")
	a := signed(t, "ecdsa")
	const bID = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430600.001.X"
	bRecord := []byte(`{"identifier":"` + bID + `"}`)
	u := newForge(t, a)
	m := regexp.MustCompile(`/EF <</F (\d+) 0 R`).FindSubmatch(a)
	if m == nil {
		t.Fatal("no embedded file")
	}
	ef, _ := strconv.Atoi(string(m[1]))
	u.stream(ef, "/Type/EmbeddedFile/Subtype/application#2Fjson", bRecord)
	info := u.dict(u.info())
	info["Identifier"] = String(bID)
	u.obj(u.info().Num, value(info))
	r, err := Verify(u.table(), []*smx509.Certificate{k.root})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	want := fmt.Sprintf("object %d (dictionary) was changed after signing", u.info().Num) // the lowest number first
	if err := r.Err(); !errors.Is(err, ErrModified) || !strings.Contains(err.Error(), want) {
		t.Errorf("Report.Err: got %v, want %q", err, want)
	}
	if got, want := r.Info["Identifier"], options(k).Info["Identifier"]; got != want {
		t.Errorf("Info Identifier: got %q, want the signed revision's %q", got, want)
	}
	if got, want := string(r.Attachments["record.json"]), string(options(k).Attachments[0].Data); got != want {
		t.Errorf("record: got %q, want the signed revision's %q", got, want)
	}
}
