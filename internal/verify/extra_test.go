package verify

import (
	"context"
	"crypto/x509/pkix"
	"ezz/internal/testenv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/pdfsig"
	"ezz/internal/sign"
)

// TestLaterSignature: an incremental update that only adds a second
// signature keeps the document intact, and the report says so.
func TestLaterSignature(t *testing.T) {
	f := shared(t)
	c := f.sample(t, 0)
	twice, err := pdfsig.Sign(c.PDF, pdfsig.Options{Signer: f.issuer.Key, Chain: f.issuer.Chain, Time: issueTime.Add(2 * 3600e9)})
	if err != nil {
		t.Fatal(err)
	}
	r := File(context.Background(), twice, "twice.pdf", f.options(checkAt))
	got := r.Check(CheckPDFSignature)
	signer := fmt.Sprintf("signature 2 by %q (key %s)", f.issuer.Chain[0].Subject.CommonName, sign.KeyID(f.issuer.Chain[0].PublicKey))
	want := "the signature is intact (SM3 digest); the incremental updates after it only add later signatures (2 signatures in all): " + signer +
		" — they change nothing on the certificate, and who made them is not checked (only the first, the issuer's, is)"
	if got.Result != Pass || got.Reason.En != want || !strings.Contains(got.Reason.Zh, "第 2 个签名由") {
		t.Errorf("got %s %q, want pass %q", got.Result, got.Reason, want)
	}
	if !r.Valid {
		t.Errorf("got verdict %s, want valid: %+v", r.Verdict, r.Checks)
	}

	// A later signature by anyone at all changes nothing on the certificate,
	// so the file stays valid; the report names who made it.
	other := otherFixture(t)
	stranger, err := pdfsig.Sign(c.PDF, pdfsig.Options{Signer: other.issuer.Key, Chain: other.issuer.Chain, Time: issueTime.Add(3 * 3600e9)})
	if err != nil {
		t.Fatal(err)
	}
	r = File(context.Background(), stranger, "stranger.pdf", f.options(checkAt))
	got = r.Check(CheckPDFSignature)
	signer = fmt.Sprintf("signature 2 by %q (key %s)", other.issuer.Chain[0].Subject.CommonName, other.issuer.KeyID)
	if !r.Valid || got.Result != Pass || !strings.Contains(got.Reason.En, signer) || !strings.Contains(got.Reason.En, "who made them is not checked") {
		t.Errorf("a later stranger's signature: %s, %s %q; want valid, naming %s", r.Verdict, got.Result, got.Reason.En, signer)
	}
}

// TestLaterSignersNamed: the names of later signers are quoted, with what
// is not printable escaped and at most 64 characters, at most three of them
// listed.
func TestLaterSignersNamed(t *testing.T) {
	f := shared(t)
	cert := func(cn string) *pdfsig.Signature {
		return &pdfsig.Signature{Signer: &smx509.Certificate{Subject: pkix.Name{CommonName: cn}, PublicKey: f.issuer.Chain[0].PublicKey}}
	}
	key := f.issuer.KeyID
	got := laterSigners([]*pdfsig.Signature{cert("签发机构\n（已核验）\u202e"), {}, cert(strings.Repeat("长", 70)), cert("x"), cert("y")})
	want := []string{
		`signature 2 by "签发机构\n（已核验）\u202e" (key ` + key + `)`,
		`signature 3 by a signer the file does not name`,
		`signature 4 by "` + strings.Repeat("长", 64) + `"… (key ` + key + `)`,
		`2 more`,
	}
	if got.En != strings.Join(want, ", ") {
		t.Errorf("got  %s\nwant %s", got.En, strings.Join(want, ", "))
	}
	if !strings.Contains(got.Zh, "第 3 个签名的签名者不明") || !strings.Contains(got.Zh, "另有 2 个") {
		t.Errorf("zh: %s", got.Zh)
	}
}

// TestUpdateIsRealPDF checks with qpdf that the tamper helpers write
// incremental updates a PDF reader accepts, and that qpdf sees the changed
// page content: the tampering is real, not a file only ezz would misread.
func TestUpdateIsRealPDF(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		testenv.Missing(t, "qpdf is not installed (scripts/install-deps.sh installs it)")
	}
	f := shared(t)
	c := f.sample(t, 0)
	dir := t.TempDir()
	for name, data := range map[string][]byte{"page": changePage(t, c.PDF), "record": swapRecord(t, c.PDF, c.Envelope)} {
		path := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
		if err != nil || strings.Contains(string(out), "WARNING") {
			t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
		}
	}
	n := objNum(t, c.PDF, `/Contents (\d+) 0 R`)
	out, err := exec.Command("qpdf", fmt.Sprintf("--show-object=%d", n), "--filtered-stream-data", filepath.Join(dir, "page.pdf")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "FORGED") {
		t.Errorf("qpdf does not read the replaced page content: %v\n%.300s", err, out)
	}
}
