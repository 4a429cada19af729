package pdfsig

import (
	"bytes"
	"errors"
	"ezz/internal/testenv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tool returns the path of an independent checker or skips the test.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		testenv.Missing(t, "%s is not installed (run scripts/install-deps.sh): %v", name, err)
	}
	return p
}

// runCode is run with the command's exit status.
func runCode(t *testing.T, pdf []byte, name string, args ...string) (string, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(name, append(args, path)...).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// run writes pdf to a temporary file and runs the command on it.
func run(t *testing.T, pdf []byte, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cert.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(name, append(args, path)...).CombinedOutput()
	if err != nil && name != "qpdf" {
		t.Logf("%s exited with %v", name, err)
	}
	return string(out)
}

func TestQPDFCheck(t *testing.T) {
	qpdf := tool(t, "qpdf")
	for _, kind := range []string{"sm2", "ecdsa", "rsa"} {
		t.Run(kind, func(t *testing.T) {
			out := run(t, signed(t, kind), qpdf, "--check")
			if !strings.Contains(out, "No syntax or stream encoding errors found") || strings.Contains(out, "WARNING") {
				t.Errorf("qpdf --check: got\n%s\nwant no errors or warnings", out)
			}
		})
	}
}

func TestPopplerPdfsig(t *testing.T) {
	pdfsig := tool(t, "pdfsig")
	ecdsa, rsa := signed(t, "ecdsa"), signed(t, "rsa")
	tests := []struct {
		name string
		pdf  []byte
		want string
	}{
		{"ecdsa", ecdsa, "Signature is Valid"},
		{"rsa", rsa, "Signature is Valid"},
		{"ecdsa byte flipped", flip(ecdsa, 2000), "Digest Mismatch"},
		{"rsa byte flipped", flip(rsa, 2000), "Digest Mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := run(t, tt.pdf, pdfsig)
			if !strings.Contains(out, tt.want) {
				t.Fatalf("pdfsig: got\n%s\nwant %q", out, tt.want)
			}
			if !strings.Contains(out, "Total document signed") {
				t.Errorf("pdfsig: got\n%s\nwant \"Total document signed\"", out)
			}
		})
	}
}

func TestOpenSSLSM2Script(t *testing.T) {
	tool(t, "openssl")
	tool(t, "basenc")
	script, err := filepath.Abs("../../scripts/verify-pdf-sm2-openssl.sh")
	if err != nil {
		t.Fatal(err)
	}
	good := signed(t, "sm2")
	// Change the signing time inside the CMS: the digest still matches, the signature must not.
	badSig := bytes.Replace(good, []byte(hexOf("250314013000Z")), []byte(hexOf("250314013001Z")), 1)
	if bytes.Equal(badSig, good) {
		t.Fatal("signing time not found in the CMS")
	}
	forged := forgeries(t, good)[0].pdf // the page content rewritten by an update
	tests := []struct {
		name string
		pdf  []byte
		code int
		want []string
	}{
		{"valid", good, 0, []string{"digest: OK", "Verified OK", "RESULT: VALID"}},
		{"byte flipped", flip(good, 2000), 1, []string{"digest: MISMATCH", "RESULT: INVALID: digest mismatch"}},
		{"signed attributes changed", badSig, 1, []string{"digest: OK", "RESULT: INVALID: the SM2 signature"}},
		{"content changed by an update", forged, 1, []string{"digest: OK", "RESULT: SIGNED BYTES ONLY: ", "bytes follow it that this script does not check"}},
		{"garbage appended", append(bytes.Clone(good), "garbage"...), 1, []string{"RESULT: SIGNED BYTES ONLY: "}},
		{"a later signature", laterSignature(t, good, "sm2"), 1, []string{"RESULT: SIGNED BYTES ONLY: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := runCode(t, tt.pdf, "sh", script)
			if code != tt.code || strings.Contains(out, "RESULT: VALID") != (tt.code == 0) {
				t.Errorf("exit status: got %d, want %d; output\n%s", code, tt.code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("script output: got\n%s\nwant %q", out, w)
				}
			}
		})
	}
}

func hexOf(s string) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(digits[s[i]>>4])
		b.WriteByte(digits[s[i]&15])
	}
	return b.String()
}

// TestXrefStreamInput signs a PDF whose cross-reference is a stream and whose
// catalog sits in an object stream (rewritten by qpdf), then checks the result.
func TestXrefStreamInput(t *testing.T) {
	qpdf, pdfsig := tool(t, "qpdf"), tool(t, "pdfsig")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "xs.pdf")
	if err := os.WriteFile(in, testPDF(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(qpdf, "--object-streams=generate", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("/XRef")) || !bytes.Contains(src, []byte("/ObjStm")) {
		t.Fatal("qpdf did not write an xref stream and object streams")
	}
	k := newKey(t, "ecdsa")
	pdf, err := Sign(src, options(k))
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	if !bytes.Contains(pdf[len(src):], []byte("/Type /XRef")) {
		t.Error("the update does not end with an xref stream like the file it extends")
	}
	r, err := Verify(pdf, nil)
	if err != nil || r.Err() != nil {
		t.Fatalf("Verify: got %v / %v, want nil", err, r.Err())
	}
	if got := run(t, pdf, qpdf, "--check"); !strings.Contains(got, "No syntax or stream encoding errors") || strings.Contains(got, "WARNING") {
		t.Errorf("qpdf --check: got\n%s", got)
	}
	if got := run(t, pdf, pdfsig); !strings.Contains(got, "Signature is Valid") {
		t.Errorf("pdfsig: got\n%s\nwant \"Signature is Valid\"", got)
	}
}

// TestLaterSignatureExternal checks the allowed later revisions with
// independent tools: qpdf finds the structure sound and poppler's pdfsig
// validates both signatures, on a table and on an xref-stream file.
func TestLaterSignatureExternal(t *testing.T) {
	qpdf, pdfsig := tool(t, "qpdf"), tool(t, "pdfsig")
	dir := t.TempDir()
	in, xs := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "xs.pdf")
	if err := os.WriteFile(in, testPDF(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(qpdf, "--object-streams=generate", in, xs).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	src, err := os.ReadFile(xs)
	if err != nil {
		t.Fatal(err)
	}
	once, err := Sign(src, options(newKey(t, "ecdsa")))
	if err != nil {
		t.Fatal(err)
	}
	for name, pdf := range map[string][]byte{
		"xref table":  addDSS(t, laterSignature(t, signed(t, "ecdsa"), "rsa"), false),
		"xref stream": addDSS(t, laterSignature(t, once, "rsa"), true),
	} {
		t.Run(name, func(t *testing.T) {
			r, err := Verify(pdf, nil)
			if err != nil || r.Err() != nil || len(r.Signatures) != 2 {
				t.Fatalf("Verify: got %v / %v, want 2 intact signatures", err, r.Err())
			}
			if got := run(t, pdf, qpdf, "--check"); !strings.Contains(got, "No syntax or stream encoding errors") || strings.Contains(got, "WARNING") {
				t.Errorf("qpdf --check: got\n%s", got)
			}
			if got := run(t, pdf, pdfsig, "-nocert"); strings.Count(got, "Signature is Valid") != 2 {
				t.Errorf("pdfsig: got\n%s\nwant two valid signatures", got)
			}
		})
	}
}
