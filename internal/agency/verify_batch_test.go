package agency

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestVerifyFilesInBatches verifies more files than one batch holds, the
// issued certificate among missing, unparsable and altered files: each
// report is its own file's, in the order given, with the status looked up
// in the ledger for the certificates and for nothing else.
func TestVerifyFilesInBatches(t *testing.T) {
	a, pdf := issuedPDF(t)
	dir := t.TempDir()
	altered := bytes.Clone(pdf)
	altered[len(altered)/3] ^= 1
	kinds := []struct {
		data          []byte // nil: no such file
		verdict       string
		status, check string
	}{
		{pdf, Valid, Pass, ""},
		{nil, CannotCheck, NotChecked, ""},
		{[]byte("%PDF-1.7 not really"), Invalid, NotChecked, ""},
		{altered, Invalid, "", CheckPDFSignature},
	}
	var names []string
	for i := range 70 {
		k := kinds[i%len(kinds)]
		name := filepath.Join(dir, fmt.Sprintf("f%02d.pdf", i))
		if k.data != nil {
			if err := os.WriteFile(name, k.data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		names = append(names, name)
	}
	var each []string
	reports, err := a.VerifyFiles(context.Background(), names, VerifyOptions{Each: func(r *Report) { each = append(each, r.File) }})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range reports {
		k := kinds[i%len(kinds)]
		if r.File != names[i] || each[i] != names[i] || r.Verdict != k.verdict {
			t.Fatalf("report %d: %s %s (Each saw %s), want %s %s", i, r.File, r.Verdict, each[i], names[i], k.verdict)
		}
		if c := r.Check(CheckStatus); k.status != "" && c.Result != k.status {
			t.Errorf("report %d (%s): status %s %q, want %s", i, r.File, c.Result, c.Reason.En, k.status)
		}
		if c := r.Check(k.check); k.check != "" && c.Result != Fail {
			t.Errorf("report %d (%s): %s %s, want fail", i, r.File, k.check, c.Result)
		}
	}
}

// TestVerifyBatch: batches of at most 16 files, at least four a worker.
func TestVerifyBatch(t *testing.T) {
	tests := []struct{ files, workers, want int }{
		{0, 2, 1}, {1, 1, 1}, {7, 2, 1}, {8, 2, 1}, {100, 2, 12}, {1000, 2, 16}, {1000, 0, 16},
	}
	for _, tt := range tests {
		if got := verifyBatch(tt.files, tt.workers); got != tt.want {
			t.Errorf("verifyBatch(%d, %d) = %d, want %d", tt.files, tt.workers, got, tt.want)
		}
	}
}
