package verify

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/pdfsig"
)

// TestIssuedHere compares files with the ledger's versions: a file the
// ledger does not hold, another record under a held identifier, another file
// of the same record, and a held file with a later signature.
func TestIssuedHere(t *testing.T) {
	f := shared(t)
	a := f.sample(t, 0)
	n, err := f.led.NextSerial(context.Background(), f.maker.Station())
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := f.maker.Make(f.values(t, 1), n+10000, issueTime) // signed, never recorded
	if err != nil {
		t.Fatal(err)
	}
	held := f.sample(t, 1)
	twin, err := f.maker.Make(f.values(t, 0), heldSerial(t, f, held.ID), issueTime) // same identifier, other record
	if err != nil {
		t.Fatal(err)
	}
	resigned := f.build(t, a, a.Envelope, a.QR) // same record, another file
	source := "workspace " + f.dir
	opts := f.options(checkAt)
	tests := []tamperCase{
		{"signed but never recorded", orphan.PDF, "", opts, CheckStatus, Fail,
			fmt.Sprintf("not issued here: %s is not in %s", orphan.ID, source), Invalid},
		{"another record under a held identifier", twin.PDF, "", opts, CheckStatus, Fail,
			fmt.Sprintf("not issued here: the embedded record of %s differs from the one in %s", held.ID, source), Invalid},
		{"the same record in another file", resigned, "", opts, CheckStatus, Fail,
			fmt.Sprintf("not the file issued: %s holds %s (SM3 %s) for %s; this file's signed revision has SM3 %s",
				source, absOut(t, a.ID.Serial+".pdf"), a.PDFSM3, a.ID, sm3Hex(resigned)), Invalid},
		{"the issued file", a.PDF, "", opts, CheckStatus, Pass, "01 valid (有效), per " + source, Valid},
		{"the issued file with a later signature", laterSigned(t, f, a.PDF), "", opts, CheckStatus, Pass, "01 valid (有效), per " + source, Valid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// heldSerial is the serial number of a held certificate.
func heldSerial(t testing.TB, f *fixture, c interface{ String() string }) uint64 {
	t.Helper()
	got, err := f.led.ByIdentifier(context.Background(), c.String())
	if err != nil {
		t.Fatal(err)
	}
	return got.SerialN
}

// laterSigned adds a second, invisible signature by another key, as a
// notary or an archive would.
func laterSigned(t testing.TB, f *fixture, pdf []byte) []byte {
	t.Helper()
	other := otherFixture(t)
	out, err := pdfsig.Sign(pdf, pdfsig.Options{Signer: other.issuer.Key, Chain: other.issuer.Chain, Time: checkAt})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestForgedUpdates runs forgeries of issue 9 on a real certificate: each
// fails the pdf-signature check with its reason.
func TestForgedUpdates(t *testing.T) {
	f := shared(t)
	a := f.sample(t, 0)
	content := objNum(t, a.PDF, `/Contents (\d+) 0 R`)
	face := []byte("BT /F1 24 Tf 100 100 Td (FORGED) Tj ET")
	tests := []struct {
		name, why string
		pdf       []byte
	}{
		{"content typed /XRef", fmt.Sprintf("object %d (stream /Type /XRef) was changed after signing", content),
			appendUpdate(t, a.PDF, map[int][]byte{content: stream("/Type /XRef", face)})},
		{"content with signature keys", fmt.Sprintf("object %d (stream /Type /Sig) was changed after signing", content),
			appendUpdate(t, a.PDF, map[int][]byte{content: stream("/Type /Sig /ByteRange [0 1 2 3] /Contents <00>", face)})},
		{"record swapped", "(stream /Type /EmbeddedFile /Subtype /application/json) was changed after signing",
			swapRecord(t, a.PDF, f.sample(t, 1).Envelope)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := File(context.Background(), tt.pdf, "c.pdf", f.options(checkAt))
			c := r.Check(CheckPDFSignature)
			if c.Result != Fail || !strings.Contains(c.Reason.En, tt.why) || r.Verdict != Invalid {
				t.Errorf("got %s %s %q, want fail containing %q", r.Verdict, c.Result, c.Reason.En, tt.why)
			}
			if r.Identifier != a.ID.String() {
				t.Errorf("identifier: got %s, want the signed revision's %s", r.Identifier, a.ID)
			}
		})
	}
}

func sm3Hex(b []byte) string {
	s := sm3.Sum(b)
	return hex.EncodeToString(s[:])
}

// absOut is where the ledger says the fixture's PDF name is: the fixture
// records out/NAME relative to the test's folder, outside the workspace, so
// the ledger keeps it absolute (docs/ledger.md).
func absOut(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("out", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
