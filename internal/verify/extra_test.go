package verify

import (
	"context"
	"ezz/internal/testenv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/pdfsig"
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
	want := "the signature is intact (SM3 digest); the incremental updates after it only add later signatures (2 signatures in all)"
	if got.Result != Pass || got.Reason.En != want {
		t.Errorf("got %s %q, want pass %q", got.Result, got.Reason, want)
	}
	if !r.Valid {
		t.Errorf("got verdict %s, want valid: %+v", r.Verdict, r.Checks)
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
