package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emmansun/gmsm/pkcs8"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	pkcs12 "github.com/emmansun/go-pkcs12"

	"ezz/internal/text"
)

// Source is what a lawful CA issued: either a PEM certificate chain and a PEM
// private key, or a PKCS #12 file.
type Source struct {
	CertPEM []byte // issuing certificate and its CA chain, in any order
	KeyPEM  []byte // PKCS #8 (encrypted or not), SEC 1 or PKCS #1
	PKCS12  []byte // instead of CertPEM and KeyPEM
	Pass    []byte // passphrase of the source key or PKCS #12 file, if any
	// Agency is the workspace's agency code: a certificate that names
	// another agency, or two codes, is refused (it would sign for no
	// certificate the workspace issues).
	Agency string
}

// ErrSourcePassphrase is returned when the source passphrase does not open the
// imported key or PKCS #12 file.
var ErrSourcePassphrase = errors.New("wrong or missing passphrase for the imported key")

// Import checks src (key matches certificate, certificate valid at now, an SM2,
// RSA-2048+ or ECDSA P-256 key) and stores it in dir with the key encrypted
// under pass. Existing keys are refused unless force is set.
func Import(dir string, src Source, pass []byte, now time.Time, force bool) (*Issuer, error) {
	var (
		key   crypto.Signer
		chain []*smx509.Certificate
		err   error
	)
	if src.PKCS12 != nil {
		key, chain, err = openPKCS12(src.PKCS12, src.Pass)
	} else {
		key, chain, err = openPEM(src.CertPEM, src.KeyPEM, src.Pass)
	}
	if err != nil {
		return nil, err
	}
	is, err := newIssuer(key, chain, now)
	if err != nil {
		return nil, err
	}
	if err := namesAgency(chain[0], src.Agency); err != nil {
		return nil, err
	}
	if err := save(dir, key, chain, pass, force); err != nil {
		return nil, err
	}
	return is, nil
}

func openPKCS12(data, pass []byte) (crypto.Signer, []*smx509.Certificate, error) {
	k, cert, cas, err := pkcs12.DecodeChain(data, string(pass))
	if err != nil {
		if errors.Is(err, pkcs12.ErrIncorrectPassword) || errors.Is(err, pkcs12.ErrDecryption) {
			return nil, nil, ErrSourcePassphrase
		}
		return nil, nil, fmt.Errorf("read PKCS #12: %w", err)
	}
	key, err := checkKey(k)
	if err != nil {
		return nil, nil, err
	}
	return key, orderChain(key, append([]*smx509.Certificate{cert}, cas...)), nil
}

func openPEM(certPEM, keyPEM, pass []byte) (crypto.Signer, []*smx509.Certificate, error) {
	certs, err := parseCerts(certPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("read certificate chain: %w", err)
	}
	k, err := parseKeyPEM(keyPEM, pass)
	if err != nil {
		return nil, nil, err
	}
	key, err := checkKey(k)
	if err != nil {
		return nil, nil, err
	}
	return key, orderChain(key, certs), nil
}

// parseKeyPEM reads the first private-key block of a PEM file.
func parseKeyPEM(data, pass []byte) (any, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("read private key: no PEM private key found")
		}
		switch block.Type {
		case "ENCRYPTED PRIVATE KEY":
			if len(pass) == 0 {
				return nil, ErrSourcePassphrase
			}
			k, _, err := pkcs8.ParsePrivateKey(block.Bytes, pass)
			if err != nil {
				return nil, ErrSourcePassphrase
			}
			return k, nil
		case "PRIVATE KEY":
			return smx509.ParsePKCS8PrivateKey(block.Bytes)
		case "EC PRIVATE KEY", "SM2 PRIVATE KEY":
			if isLegacyEncrypted(block) {
				return nil, errors.New("read private key: legacy encrypted PEM is not supported: convert it to PKCS #8 (openssl pkcs8 -topk8)")
			}
			return smx509.ParseTypedECPrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			if isLegacyEncrypted(block) {
				return nil, errors.New("read private key: legacy encrypted PEM is not supported: convert it to PKCS #8 (openssl pkcs8 -topk8)")
			}
			return smx509.ParsePKCS1PrivateKey(block.Bytes)
		}
	}
}

// checkKey accepts SM2, ECDSA P-256 and RSA-2048+ private keys.
func checkKey(k any) (crypto.Signer, error) {
	switch key := k.(type) {
	case *sm2.PrivateKey:
		return key, nil
	case *ecdsa.PrivateKey:
		if !sm2.IsSM2PublicKey(&key.PublicKey) && key.Curve.Params().Name != "P-256" {
			return nil, fmt.Errorf("ECDSA key on curve %s is not supported: use SM2 or P-256", key.Curve.Params().Name)
		}
	case *rsa.PrivateKey:
		if key.N.BitLen() < 2048 {
			return nil, fmt.Errorf("RSA key of %d bits is too short: use 2048 bits or more", key.N.BitLen())
		}
	default:
		return nil, fmt.Errorf("unsupported private key type %T: use SM2, RSA-2048+ or ECDSA P-256", k)
	}
	return asSigner(k)
}

// orderChain puts the certificate of key first and then follows issuers as far
// as the given certificates go; certificates not on that path are dropped.
func orderChain(key crypto.Signer, certs []*smx509.Certificate) []*smx509.Certificate {
	pub, _ := smx509.MarshalPKIXPublicKey(key.Public())
	var out []*smx509.Certificate
	for _, c := range certs {
		if b, _ := smx509.MarshalPKIXPublicKey(c.PublicKey); bytes.Equal(b, pub) {
			out = append(out, c)
			break
		}
	}
	if len(out) == 0 {
		return certs // newIssuer reports the mismatch against certs[0]
	}
	for len(out) < len(certs) {
		last := out[len(out)-1]
		if bytes.Equal(last.RawIssuer, last.RawSubject) {
			break
		}
		next := findIssuer(last, certs)
		if next == nil {
			break
		}
		out = append(out, next)
	}
	return out
}

func findIssuer(c *smx509.Certificate, certs []*smx509.Certificate) *smx509.Certificate {
	for _, p := range certs {
		if p != c && bytes.Equal(p.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(p) == nil {
			return p
		}
	}
	return nil
}

// isLegacyEncrypted reports an RFC 1423 encrypted PEM block ("Proc-Type:
// 4,ENCRYPTED"), which ezz refuses: that scheme is unauthenticated.
func isLegacyEncrypted(b *pem.Block) bool {
	return strings.Contains(b.Headers["Proc-Type"], "ENCRYPTED")
}

// namesAgency refuses a certificate that names an agency code other than
// code, or two codes; one that names none is taken (verify then warns).
func namesAgency(cert *smx509.Certificate, code string) error {
	named, err := AgencyCode(cert)
	var conflict interface{ Text() text.T } // *CodeConflictError, *UnreadableCodeError
	switch {
	case errors.As(err, &conflict):
		return &text.Error{Msg: conflict.Text(), Hint: text.New("请向 CA 申请只载明本机构统一社会信用代码的证书",
			"ask the CA for a certificate that names the agency's credit code once")}
	case named.Code == "" || code == "" || SameAgency(named.Code, code):
		return nil
	}
	return text.Errorf("证书 %q 载明的机构代码是 %s（%s），而工作区的机构代码（config.yaml agency.code）是 %s：用它签发的证照都无法通过核验",
		"certificate %q names agency code %s (in its %s), but the workspace's agency code (config.yaml agency.code) is %s: nothing it signed here would verify",
		cert.Subject.String(), named.Code, whereOf(named.Where), code).
		WithHint("请导入为本机构签发的证书，或更正 config.yaml 中的 agency.code", "import the certificate issued to this agency, or correct agency.code in config.yaml")
}
