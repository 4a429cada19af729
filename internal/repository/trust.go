package repository

import (
	"encoding/pem"
	"fmt"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/input"
	"ezz/internal/sign"
)

// maxPEMFile bounds a PEM file the receiver reads.
const maxPEMFile = 1 << 20

// LoadTrust reads the PEM certificates in paths into the receiver's trust,
// leaving out every certificate of a revoked key (so that nothing they signed
// verifies, PDFs included). CODE=FILE also binds FILE's signers to the
// issuer code CODE (sign.TrustArg): its end-entity certificates
// (sign.SignersOf), as ezz verify --trust does.
func LoadTrust(revoked map[string]bool, paths ...string) (*sign.Trust, error) {
	var certs []*smx509.Certificate
	bind := map[string][]*smx509.Certificate{}
	for _, name := range paths {
		code, p := sign.TrustArg(name)
		var inFile []*smx509.Certificate
		data, err := input.Read(p, maxPEMFile)
		if err != nil {
			return nil, sign.TrustArgHint(name, code, fmt.Errorf("read trusted issuers: %w", err))
		}
		for len(data) > 0 {
			var b *pem.Block
			if b, data = pem.Decode(data); b == nil {
				break
			}
			if b.Type != "CERTIFICATE" {
				continue
			}
			c, err := smx509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("read trusted issuers %s: %w", p, err)
			}
			if !revoked[sign.KeyID(c.PublicKey)] {
				certs, inFile = append(certs, c), append(inFile, c)
			}
		}
		if code != "" {
			bind[code] = append(bind[code], sign.SignersOf(inFile)...) // as ezz verify binds them
		}
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("read trusted issuers %v: no certificate", paths)
	}
	t := sign.NewTrust(certs...)
	for code, cs := range bind {
		t.Bind(cs, code)
	}
	return t, nil
}
