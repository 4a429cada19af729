package sign

import (
	"crypto"
	"crypto/rand"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// Agency names the issuing agency a pilot certificate is made for.
type Agency struct {
	Name string // e.g. 某市市场监督管理局
	Code string // unified social credit code
}

// Pilot certificate lifetimes and the clock skew allowed before now.
const (
	PilotRootYears    = 10
	PilotIssuingYears = 3
	pilotBackdate     = 5 * time.Minute
)

// Subject texts of pilot certificates.
const (
	PilotRootName = "ezz PILOT root — not for legal use"
	pilotOU       = "ezz PILOT — not for legal use"
)

// InitPilot makes a pilot SM2 root CA and an SM2 issuing certificate for the
// agency, stores them in dir with the issuing key encrypted under pass, and
// returns the unlocked issuer. Pilot certificates are for trials and tests,
// never for legal use. Existing keys are refused unless force is set.
func InitPilot(dir string, a Agency, pass []byte, now time.Time, force bool) (*Issuer, error) {
	if a.Name == "" {
		return nil, fmt.Errorf("pilot keys: the agency name is empty")
	}
	if a.Code == "" || creditCode(a.Code, false) != a.Code {
		return nil, fmt.Errorf("pilot keys: the agency code %q is not an 18-character credit code (config.yaml agency.code)", a.Code)
	}
	now = now.UTC().Truncate(time.Second)
	rootKey, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate pilot root key: %w", err)
	}
	root, err := pilotRoot(rootKey, a, now)
	if err != nil {
		return nil, err
	}
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate issuing key: %w", err)
	}
	leaf, err := pilotIssuing(key, root, rootKey, a, now)
	if err != nil {
		return nil, err
	}
	chain := []*smx509.Certificate{leaf, root}
	is, err := newIssuer(key, chain, now)
	if err != nil {
		return nil, err
	}
	if err := save(dir, key, chain, pass, force); err != nil {
		return nil, err
	}
	return is, nil
}

func pilotRoot(key *sm2.PrivateKey, a Agency, now time.Time) (*smx509.Certificate, error) {
	tmpl, err := pilotTemplate(key.Public(), pkix.Name{
		CommonName:         PilotRootName,
		Organization:       []string{a.Name},
		OrganizationalUnit: []string{pilotOU},
		Country:            []string{"CN"},
	}, now, now.AddDate(PilotRootYears, 0, 0))
	if err != nil {
		return nil, err
	}
	tmpl.IsCA = true
	tmpl.MaxPathLen = 0
	tmpl.MaxPathLenZero = true
	tmpl.KeyUsage = smx509.KeyUsageCertSign | smx509.KeyUsageCRLSign
	return createCert(tmpl, tmpl, key.Public(), key)
}

func pilotIssuing(key *sm2.PrivateKey, root *smx509.Certificate, rootKey crypto.Signer, a Agency, now time.Time) (*smx509.Certificate, error) {
	name := pkix.Name{
		CommonName:         a.Name + " (ezz PILOT issuing — not for legal use)",
		Organization:       []string{a.Name},
		OrganizationalUnit: []string{pilotOU},
		Country:            []string{"CN"},
		SerialNumber:       a.Code, // the agency code verify binds issuer codes to (AgencyCode)
	}
	tmpl, err := pilotTemplate(key.Public(), name, now, now.AddDate(PilotIssuingYears, 0, 0))
	if err != nil {
		return nil, err
	}
	tmpl.KeyUsage = smx509.KeyUsageDigitalSignature | smx509.KeyUsageContentCommitment
	return createCert(tmpl, root, key.Public(), rootKey)
}

func pilotTemplate(pub crypto.PublicKey, subject pkix.Name, now, notAfter time.Time) (*smx509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("pilot certificate serial: %w", err)
	}
	ski, err := subjectKeyID(pub)
	if err != nil {
		return nil, err
	}
	return &smx509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)),
		Subject:               subject,
		NotBefore:             now.Add(-pilotBackdate),
		NotAfter:              notAfter,
		SubjectKeyId:          ski,
		BasicConstraintsValid: true,
	}, nil
}

func createCert(tmpl, parent *smx509.Certificate, pub crypto.PublicKey, priv crypto.Signer) (*smx509.Certificate, error) {
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, parent, pub, priv)
	if err != nil {
		return nil, fmt.Errorf("make pilot certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	return smx509.ParseCertificate(der)
}
