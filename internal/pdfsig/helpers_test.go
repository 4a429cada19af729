package pdfsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509/pkix"
	"ezz/internal/testenv"
	"math/big"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"github.com/signintech/gopdf"
)

var signTime = time.Date(2025, 3, 14, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

const dejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// testPDF renders a one-page PDF with gopdf and a system TrueType font.
func testPDF(t testing.TB) []byte {
	t.Helper()
	if _, err := os.Stat(dejaVu); err != nil {
		testenv.Missing(t, "font %s is absent (run scripts/install-deps.sh): %v", dejaVu, err)
	}
	p := gopdf.GoPdf{}
	p.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	p.AddPage()
	if err := p.AddTTFFont("dejavu", dejaVu); err != nil {
		t.Fatal(err)
	}
	if err := p.SetFont("dejavu", "", 14); err != nil {
		t.Fatal(err)
	}
	p.SetXY(50, 50)
	if err := p.Cell(nil, "Electronic licence 1.2.156.3005.2.11100000000013338W032"); err != nil {
		t.Fatal(err)
	}
	return p.GetBytesPdf()
}

// testKey is a signing key with a certificate issued by a fresh CA.
type testKey struct {
	signer crypto.Signer
	chain  []*smx509.Certificate // leaf, CA
	root   *smx509.Certificate
}

var (
	keysMu sync.Mutex
	keys   = map[string]*testKey{}
)

// newKey makes (once per kind) a CA and a leaf: kind is "sm2", "ecdsa" or "rsa".
func newKey(t testing.TB, kind string) *testKey {
	t.Helper()
	keysMu.Lock()
	defer keysMu.Unlock()
	if k, ok := keys[kind]; ok {
		return k
	}
	gen := func() crypto.Signer {
		var k crypto.Signer
		var err error
		switch kind {
		case "sm2":
			k, err = sm2.GenerateKey(rand.Reader)
		case "ecdsa":
			k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		case "rsa":
			k, err = rsa.GenerateKey(rand.Reader, 2048)
		}
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	caKey, leafKey := gen(), gen()
	ca := makeCert(t, "ezz test CA "+kind, true, nil, caKey, caKey)
	leaf := makeCert(t, "ezz test signer "+kind, false, ca, leafKey, caKey)
	k := &testKey{signer: leafKey, chain: []*smx509.Certificate{leaf, ca}, root: ca}
	keys[kind] = k
	return k
}

func makeCert(t testing.TB, cn string, isCA bool, parent *smx509.Certificate, key, parentKey crypto.Signer) *smx509.Certificate {
	t.Helper()
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &smx509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"ezz"}},
		NotBefore:             time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2034, 1, 1, 0, 0, 0, 0, time.UTC),
		BasicConstraintsValid: true,
		IsCA:                  isCA,
		KeyUsage:              smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment,
	}
	if isCA {
		tmpl.KeyUsage = smx509.KeyUsageCertSign | smx509.KeyUsageCRLSign
		parent = tmpl
	}
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := smx509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// options returns signing options for k with a record attachment.
func options(k *testKey) Options {
	return Options{
		Signer: k.signer, Chain: k.chain, Time: signTime,
		Reason: "签发电子证照", Location: "Wuhan", Name: "ezz test",
		Attachments: []Attachment{{Name: "record.json", MIME: "application/json", Data: []byte(`{"identifier":"1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"}`)}},
		Info:        map[string]string{"Title": "营业执照", "Identifier": "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"},
	}
}

// signed signs a fresh test PDF with key kind.
func signed(t testing.TB, kind string) []byte {
	t.Helper()
	out, err := Sign(testPDF(t), options(newKey(t, kind)))
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return out
}
