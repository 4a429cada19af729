package sign

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/dataitem"
	"ezz/internal/input"
	"ezz/internal/text"
)

// ErrUnknownKey is returned when a key id names no trusted issuing certificate.
var ErrUnknownKey = errors.New("unknown signing key")

// ErrUntrusted is returned when a certificate does not chain to a trusted root.
var ErrUntrusted = errors.New("certificate does not chain to a trusted root")

// Trust holds the certificates a verifier accepts: self-signed roots, and the
// issuing and intermediate certificates found beside them, looked up by key id.
type Trust struct {
	roots []*smx509.Certificate
	certs []*smx509.Certificate            // every non-root certificate
	byKey map[string][]*smx509.Certificate // key id → certificates with that key
	bound map[string][]string              // a signer's certificate (its DER) → codes the policy binds it to
}

// NewTrust makes a Trust from certificates; self-signed ones become roots.
func NewTrust(certs ...*smx509.Certificate) *Trust {
	t := &Trust{byKey: map[string][]*smx509.Certificate{}, bound: map[string][]string{}}
	for _, c := range certs {
		t.add(c)
	}
	return t
}

func (t *Trust) add(c *smx509.Certificate) {
	id := KeyID(c.PublicKey)
	for _, have := range t.byKey[id] {
		if bytes.Equal(have.Raw, c.Raw) {
			return
		}
	}
	t.byKey[id] = append(t.byKey[id], c)
	if bytes.Equal(c.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(c) == nil {
		t.roots = append(t.roots, c)
		return
	}
	t.certs = append(t.certs, c)
}

// LoadTrust reads PEM certificate files into a Trust. A name CODE=FILE
// (TrustArg) also binds the signers' certificates in FILE to the issuer code
// CODE: its end-entity certificates, or all of them when it has none (a
// self-signed signer).
func LoadTrust(names ...string) (*Trust, error) {
	t := NewTrust()
	for _, name := range names {
		code, p := TrustArg(name)
		certs, err := t.load(p)
		if err != nil {
			return nil, TrustArgHint(name, code, err)
		}
		if code != "" {
			t.Bind(SignersOf(certs), code)
		}
	}
	return t, nil
}

// SignersOf is what CODE=FILE binds of FILE's certificates: its end-entity
// ones, or all of them when it has none (a self-signed signer).
func SignersOf(certs []*smx509.Certificate) []*smx509.Certificate {
	signers := slices.DeleteFunc(slices.Clone(certs), func(c *smx509.Certificate) bool { return c.IsCA })
	if len(signers) == 0 {
		return certs
	}
	return signers
}

// load adds the certificates of the PEM file p and returns them.
func (t *Trust) load(p string) ([]*smx509.Certificate, error) {
	data, err := input.Pipe(maxPEM).Read(p) // --trust <(curl …) too
	if err != nil {
		return nil, text.Wrap(err, "读取受信任的证书", "read trusted certificates")
	}
	certs, err := parseCerts(data)
	if err != nil {
		return nil, fmt.Errorf("read trusted certificates %s: %w", p, err)
	}
	for _, c := range certs {
		t.add(c)
	}
	return certs, nil
}

// TrustArg splits a trusted-certificate name: CODE=FILE, where CODE is an
// issuer code (6–32 capitals and digits), binds FILE's signers to CODE; any
// other name is a file.
func TrustArg(name string) (code, path string) {
	c, p, ok := strings.Cut(name, "=")
	if !ok || len(c) < 6 || len(c) > 32 || !alnum(c) || p == "" {
		return "", name
	}
	return c, p
}

// TrustArgHint adds to err, the failure to read the trusted-certificate
// name, how CODE=FILE is written when name has an '=' that TrustArg did not
// read as one (a code in lower case or full-width characters, an empty code
// or file): otherwise the clerk reads only that the whole name is no file.
func TrustArgHint(name, code string, err error) error {
	c, p, ok := strings.Cut(name, "=")
	var e *text.Error
	if !ok || code != "" || (errors.As(err, &e) && !e.Hint.IsZero()) {
		return err
	}
	fold := strings.ToUpper(strings.TrimSpace(dataitem.ToHalfWidth(c)))
	if len(fold) < 6 || len(fold) > 32 || !alnum(fold) {
		fold = "11420104MB1845673K"
	}
	if p == "" {
		p = "CHAIN.pem"
	}
	out := &text.Error{Msg: text.Of(err), Err: err}
	if e != nil {
		out.Class = e.Class
	}
	return out.WithHint(
		"如要将证书绑定到签发机构代码，请写作 代码=文件，代码为 6–32 位半角大写字母和数字，例如 --trust %s=%s",
		"to bind a file's signers to an issuer code, write CODE=FILE with CODE in 6–32 capitals and digits (half-width), e.g. --trust %s=%s",
		fold, p)
}

// Bind binds the signers' certificates certs to the issuer codes, beyond
// the code each names itself: an explicit trust policy, as a workspace binds
// its own keys to its agency and its offices. A binding is the signing
// certificate's own (that very certificate): it never passes down a chain, so
// binding a CA's certificate binds only what that CA's key signs itself.
func (t *Trust) Bind(certs []*smx509.Certificate, codes ...string) {
	for _, c := range certs {
		der := string(c.Raw)
		for _, code := range codes {
			if !slices.Contains(t.bound[der], code) {
				t.bound[der] = append(t.bound[der], code)
			}
		}
	}
}

// LoadWorkspaceTrust trusts a keys directory's current chain and its retired
// chains, so that records signed before a key change still verify, and
// binds their issuing certificates (each chain's first) to codes: the
// workspace's agency and offices.
func LoadWorkspaceTrust(dir string, codes ...string) (*Trust, error) {
	paths, _ := filepath.Glob(filepath.Join(dir, RetiredDir, "*.chain.pem"))
	sort.Strings(paths)
	t := NewTrust()
	for _, p := range append([]string{filepath.Join(dir, ChainFile)}, paths...) {
		certs, err := t.load(p)
		if err != nil {
			return nil, err
		}
		if len(certs) > 0 {
			t.Bind(certs[:1], codes...)
		}
	}
	return t, nil
}

// Lookup returns the public key with the given key id, if a trusted
// certificate carries it.
func (t *Trust) Lookup(keyID string) (crypto.PublicKey, error) {
	certs := t.byKey[keyID]
	if len(certs) == 0 {
		return nil, fmt.Errorf("%w %q", ErrUnknownKey, keyID)
	}
	return certs[0].PublicKey, nil
}

// KeyCertificates returns every trusted certificate of the key keyID,
// whether or not it chains.
func (t *Trust) KeyCertificates(keyID string) []*smx509.Certificate {
	return slices.Clone(t.byKey[keyID])
}

// Certificate returns a certificate for keyID that chains to a trusted root and
// whose chain is valid at the signing time at; it prefers one that verifies.
func (t *Trust) Certificate(keyID string, at time.Time) (*smx509.Certificate, []*smx509.Certificate, error) {
	certs := t.byKey[keyID]
	if len(certs) == 0 {
		return nil, nil, fmt.Errorf("%w %q", ErrUnknownKey, keyID)
	}
	var firstErr error
	for _, c := range certs {
		chain, err := t.Verify(c, at)
		if err == nil {
			return c, chain, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, nil, firstErr
}

// Verify builds a chain from cert to a trusted root, each certificate valid at
// at, and returns it (cert first).
func (t *Trust) Verify(cert *smx509.Certificate, at time.Time) ([]*smx509.Certificate, error) {
	roots, inter := smx509.NewCertPool(), smx509.NewCertPool()
	for _, r := range t.roots {
		roots.AddCert(r)
	}
	for _, c := range t.certs {
		inter.AddCert(c)
	}
	chains, err := cert.Verify(smx509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   at,
		KeyUsages:     []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny},
	})
	if err != nil {
		var inv smx509.CertificateInvalidError
		if errors.As(err, &inv) && inv.Reason == smx509.Expired {
			return nil, fmt.Errorf("certificate %q at %s: %w", cert.Subject.String(), at.UTC().Format(time.RFC3339), err)
		}
		return nil, fmt.Errorf("%w: %q: %v", ErrUntrusted, cert.Subject.String(), err)
	}
	return chains[0], nil
}

// Roots returns the trusted root certificates.
func (t *Trust) Roots() []*smx509.Certificate { return append([]*smx509.Certificate(nil), t.roots...) }
