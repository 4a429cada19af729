package qr

import (
	"crypto"
	"encoding/pem"
	"ezz/internal/testenv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/smx509"
)

// TestOpenSSLVerifiesToken follows docs/qr.md step by step — split, unescape,
// Base45, rebuild the signed message, r||s to ASN.1 — and lets OpenSSL check
// the signature, so the documented layout is what a third party can verify.
func TestOpenSSLVerifiesToken(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		testenv.Missing(t, "openssl not installed (make deps installs it)")
	}
	tests := []struct {
		name   string
		key    crypto.Signer
		digest string
		extra  []string
	}{
		{"sm2", sm2Key(t), "-sm3", []string{"-sigopt", "distid:1234567812345678"}},
		{"ecdsa", ecdsaKey(t), "-sha256", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := mustMake(t, claimsFor(tt.key), tt.key, urlPrefix)
			msg, der := thirdPartySplit(t, payload)
			dir := t.TempDir()
			write := func(name string, data []byte) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, data, 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			spki, err := smx509.MarshalPKIXPublicKey(tt.key.Public())
			if err != nil {
				t.Fatal(err)
			}
			pub := write("pub.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}))
			args := append([]string{"dgst", tt.digest, "-verify", pub, "-signature", write("sig.der", der)}, tt.extra...)
			out, err := exec.Command("openssl", append(args, write("msg.bin", msg))...).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Verified OK") {
				t.Fatalf("openssl: %v\n%s", err, out)
			}
			msg[len(msg)-1] ^= 1
			out, err = exec.Command("openssl", append(args, write("msg.bin", msg))...).CombinedOutput()
			if err == nil {
				t.Fatalf("openssl verified a changed message:\n%s", out)
			}
		})
	}
}

// thirdPartySplit decodes payload as docs/qr.md describes, without decode.
func thirdPartySplit(t *testing.T, payload string) (msg, der []byte) {
	t.Helper()
	token := payload[strings.Index(payload, "EZZ1:"):]
	rest := strings.TrimPrefix(token, "EZZ1:")
	id, b45, _ := strings.Cut(rest, ":")
	b45, err := url.PathUnescape(b45)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := Base45Decode(b45)
	if err != nil || len(bin) != 97 {
		t.Fatalf("binary part of %d bytes, %v: want 97", len(bin), err)
	}
	msg = append([]byte("EZZ1:"+id+":"), bin[:33]...)
	der, err = asn1FromRaw(bin[33:])
	if err != nil {
		t.Fatal(err)
	}
	return msg, der
}
