package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCert writes a certificate (and its key) for name to dir: self-signed
// when parent is nil, else issued by parent. It returns the certificate and key.
func testCert(t *testing.T, dir, name string, ca bool, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, BasicConstraintsValid: true, IsCA: ca,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalPKCS8PrivateKey(key)
	os.WriteFile(filepath.Join(dir, name+".pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(filepath.Join(dir, name+"-key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	return cert, key
}

// TestPushOverTLS pushes to an https repository serve: its self-signed
// certificate is trusted with --ca, a client certificate is required with
// --client-ca, and every answer must carry the receiver's signature when
// push is given --receiver.
func TestPushOverTLS(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("EZZ_KEY_PASSPHRASE", "tls-test-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	home := issuedHome(t, dir, 3)
	chain := filepath.Join(home, "keys", "issuer-chain.pem")
	testCert(t, dir, "server", false, nil, nil)
	ca, caKey := testCert(t, dir, "client-ca", true, nil, nil)
	testCert(t, dir, "client", false, ca, caKey)
	at := func(name string) string { return filepath.Join(dir, name) }
	url := "https" + strings.TrimPrefix(serveRepository(t, dir, chain, "--tls-cert", at("server.pem"), "--tls-key", at("server-key.pem"),
		"--client-ca", at("client-ca.pem")), "http")
	receiver := at("repo.db.receiver.pem")

	code, out, errs := ezzRun(home, "push", "--to", url, "--attempts", "1", "--max", "1")
	if code != 2 || !strings.Contains(errs, "certificate signed by unknown authority") {
		t.Fatalf("push without --ca: exit %d, want 2\n%s%s", code, out, errs)
	}
	code, out, errs = ezzRun(home, "push", "--to", url, "--ca", at("server.pem"), "--attempts", "1", "--max", "1")
	if code != 2 || !strings.Contains(errs, "certificate") {
		t.Fatalf("push without a client certificate: exit %d, want 2\n%s%s", code, out, errs)
	}
	tlsArgs := []string{"--to", url, "--ca", at("server.pem"), "--client-cert", at("client.pem"), "--client-key", at("client-key.pem")}
	out = mustRun(t, home, 0, append([]string{"push", "--max", "1", "--receiver", receiver}, tlsArgs...)...)
	if !strings.Contains(out, "1 accepted, 0 already there, 0 rejected") {
		t.Fatalf("push over TLS: %s", out)
	}

	// Answers signed by another receiver are not believed (here the first, to
	// the tree-head look-up): the push stops, nothing more is marked pushed.
	other := filepath.Join(t.TempDir(), "other")
	os.MkdirAll(other, 0o755)
	mustRun(t, home, 0, "bundle", "export", filepath.Join(other, "b.zip"))
	mustRun(t, home, 0, "repository", "import", filepath.Join(other, "b.zip"), "--db", filepath.Join(other, "o.db"), "--trust", chain)
	code, out, errs = ezzRun(home, append([]string{"push", "--max", "1", "--attempts", "1", "--receiver", filepath.Join(other, "o.db.receiver.pem")}, tlsArgs...)...)
	if code != 2 || !strings.Contains(errs, "the answer's signature does not verify with the receiver's certificate") {
		t.Fatalf("push with another receiver's certificate: exit %d, want 2\n%s%s", code, out, errs)
	}
	out = mustRun(t, home, 0, append([]string{"push", "--receiver", receiver}, tlsArgs...)...)
	if !strings.Contains(out, "2 accepted") || !strings.Contains(out, "0 still waiting") {
		t.Fatalf("push after the refused answer: %s", out)
	}
}
