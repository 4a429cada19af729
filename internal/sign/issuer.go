package sign

import (
	"crypto"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/text"
)

// PilotMarker appears in the subject of every pilot certificate ezz makes.
const PilotMarker = "PILOT"

// Issuer is an unlocked issuing key with its certificate chain.
type Issuer struct {
	Key   crypto.Signer
	Chain []*smx509.Certificate // issuing certificate first, then its CAs
	KeyID string                // KeyID of the issuing certificate's public key
	Alg   string                // AlgSM2, AlgECDSA or AlgRSA
}

// Cert returns the issuing certificate.
func (is *Issuer) Cert() *smx509.Certificate { return is.Chain[0] }

// Pilot reports whether the issuing certificate is a pilot certificate.
func (is *Issuer) Pilot() bool { return IsPilot(is.Chain[0]) }

// IsPilot reports whether cert is marked as a pilot certificate.
func IsPilot(cert *smx509.Certificate) bool {
	for _, ou := range cert.Subject.OrganizationalUnit {
		if strings.Contains(ou, PilotMarker) {
			return true
		}
	}
	return strings.Contains(cert.Subject.CommonName, PilotMarker)
}

// ValidityError reports a certificate that is expired or not yet valid at a time.
type ValidityError struct {
	Subject             string
	NotBefore, NotAfter time.Time
	At                  time.Time
}

func (e *ValidityError) Error() string { return e.text().En }

func (e *ValidityError) text() text.T {
	f := "2006-01-02 15:04:05Z"
	if e.At.Before(e.NotBefore) {
		return text.F("证书 %q 自 %s 起才生效（检查时间 %s）", "certificate %q is not valid until %s (checked at %s)",
			e.Subject, e.NotBefore.UTC().Format(f), e.At.UTC().Format(f))
	}
	return text.F("证书 %q 已于 %s 过期（检查时间 %s）", "certificate %q expired at %s (checked at %s)",
		e.Subject, e.NotAfter.UTC().Format(f), e.At.UTC().Format(f))
}

// Expired reports whether the certificate had expired (rather than not yet begun).
func (e *ValidityError) Expired() bool { return e.At.After(e.NotAfter) }

// ErrKeyMismatch is returned when a private key does not belong to its certificate.
var ErrKeyMismatch = errors.New("the private key does not match the certificate")

// CheckValid returns a bilingual error whose cause is a *ValidityError when
// cert is not valid at t.
func CheckValid(cert *smx509.Certificate, t time.Time) error {
	if t.Before(cert.NotBefore) || t.After(cert.NotAfter) {
		ve := &ValidityError{Subject: cert.Subject.String(), NotBefore: cert.NotBefore, NotAfter: cert.NotAfter, At: t}
		return &text.Error{Msg: ve.text(), Err: ve}
	}
	return nil
}

// newIssuer checks that key belongs to chain[0], that chain[0] is valid at now
// and may sign documents, and returns the Issuer.
func newIssuer(key crypto.Signer, chain []*smx509.Certificate, now time.Time) (*Issuer, error) {
	if len(chain) == 0 {
		return nil, errors.New("no issuing certificate")
	}
	cert := chain[0]
	alg, err := AlgorithmOf(cert.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("issuing certificate %q: %w", cert.Subject.String(), err)
	}
	if err := matchKey(key, cert); err != nil {
		return nil, err
	}
	if err := CheckValid(cert, now); err != nil {
		return nil, err
	}
	if ku := cert.KeyUsage; ku != 0 && ku&(smx509.KeyUsageDigitalSignature|smx509.KeyUsageContentCommitment) == 0 {
		return nil, fmt.Errorf("certificate %q does not allow digital signatures (key usage)", cert.Subject.String())
	}
	return &Issuer{Key: key, Chain: chain, KeyID: KeyID(cert.PublicKey), Alg: alg}, nil
}

// matchKey checks that key's public half is cert's public key, by encoding both.
func matchKey(key crypto.Signer, cert *smx509.Certificate) error {
	a, err := smx509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return fmt.Errorf("encode private key's public key: %w", err)
	}
	b, err := smx509.MarshalPKIXPublicKey(cert.PublicKey)
	if err != nil {
		return fmt.Errorf("encode certificate's public key: %w", err)
	}
	if string(a) != string(b) {
		return fmt.Errorf("%w %q", ErrKeyMismatch, cert.Subject.String())
	}
	return nil
}

// LoadIssuer unlocks the issuing key in dir with pass and checks it against its
// certificate at now: a wrong passphrase, a key that does not match, or a
// certificate that is expired or not yet valid is refused.
func LoadIssuer(dir string, pass []byte, now time.Time) (*Issuer, error) {
	chain, err := readChain(dir)
	if err != nil {
		return nil, err
	}
	data, err := readLimited(filepath.Join(dir, KeyFile))
	if err != nil {
		return nil, fmt.Errorf("read issuing key: %w", err)
	}
	key, err := decryptKey(data, pass)
	if err != nil {
		return nil, fmt.Errorf("unlock %s: %w", filepath.Join(dir, KeyFile), err)
	}
	return newIssuer(key, chain, now)
}

// Chain reads dir's issuer chain without unlocking the key (for keys show and
// verification).
func Chain(dir string) ([]*smx509.Certificate, error) { return readChain(dir) }
