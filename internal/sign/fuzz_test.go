package sign

import (
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	pkcs12 "github.com/emmansun/go-pkcs12"
)

// FuzzOpenSource feeds hostile certificate, key and PKCS #12 bytes to the
// import parsers: they must return errors, never panic.
func FuzzOpenSource(f *testing.F) {
	dir := f.TempDir()
	is, err := InitPilot(dir, testAgent, testPass, testNow, false)
	if err != nil {
		f.Fatal(err)
	}
	der, _ := smx509.MarshalPKCS8PrivateKey(is.Key)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	certPEM := encodeChain(is.Chain)
	p12, err := pkcs12.ShangMi2024.Encode(is.Key, is.Chain[0], is.Chain[1:], "pw")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(certPEM, keyPEM, []byte(""))
	f.Add(p12, []byte(nil), []byte("pw"))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"), []byte("-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n"), []byte("x"))
	f.Fuzz(func(t *testing.T, a, b, pass []byte) {
		openPEM(a, b, pass)
		openPKCS12(a, pass)
	})
}

func TestImportPKCS12(t *testing.T) {
	_, is := pilot(t)
	p12, err := pkcs12.ShangMi2024.Encode(is.Key, is.Chain[0], is.Chain[1:], "source pw")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	got, err := Import(dir, Source{PKCS12: p12, Pass: []byte("source pw")}, testPass, testNow, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.KeyID != is.KeyID || len(got.Chain) != 2 {
		t.Errorf("got key %s with %d certificates, want %s with 2", got.KeyID, len(got.Chain), is.KeyID)
	}
	if _, err := Import(t.TempDir(), Source{PKCS12: p12, Pass: []byte("bad")}, testPass, testNow, false); err != ErrSourcePassphrase {
		t.Errorf("wrong source passphrase: got %v, want ErrSourcePassphrase", err)
	}
	other, _ := sm2.GenerateKey(rand.Reader)
	der, _ := smx509.MarshalPKCS8PrivateKey(other)
	src := Source{CertPEM: encodeChain(is.Chain), KeyPEM: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})}
	if _, err := Import(t.TempDir(), src, testPass, testNow, false); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("mismatched key: got %v, want ErrKeyMismatch", err)
	}
}

func TestImportRefusesKeyUsage(t *testing.T) {
	key, _ := sm2.GenerateKey(rand.Reader)
	tmpl, err := pilotTemplate(key.Public(), pkix.Name{CommonName: "cert-sign only"}, testNow, testNow.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.KeyUsage = smx509.KeyUsageCertSign
	cert, err := createCert(tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := smx509.MarshalPKCS8PrivateKey(key)
	src := Source{CertPEM: encodeChain([]*smx509.Certificate{cert}), KeyPEM: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})}
	_, err = Import(t.TempDir(), src, testPass, testNow, false)
	if err == nil || !strings.Contains(err.Error(), "does not allow digital signatures") {
		t.Errorf("got %v, want a key-usage refusal", err)
	}
}
