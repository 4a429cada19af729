package sign

import (
	"crypto"
	"encoding/hex"
	"fmt"
	"sync/atomic"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// KeyID names a public key: the first 16 hex digits of SM3 over its
// DER-encoded SubjectPublicKeyInfo. It returns "" for a key that cannot be
// encoded.
func KeyID(pub crypto.PublicKey) string {
	if c := lastKeyID.Load(); c != nil && c.pub == pub {
		return c.id // the signing key of a batch, asked once per certificate
	}
	id := keyID(pub)
	lastKeyID.Store(&keyIDCache{pub, id})
	return id
}

// lastKeyID remembers the key id of the last public key asked about (by identity).
var lastKeyID atomic.Pointer[keyIDCache]

type keyIDCache struct {
	pub crypto.PublicKey
	id  string
}

func keyID(pub crypto.PublicKey) string {
	der, err := smx509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	sum := sm3.Sum(der)
	return hex.EncodeToString(sum[:8])
}

// Fingerprint is the SM3 digest of a certificate's DER encoding, in hex.
func Fingerprint(cert *smx509.Certificate) string {
	sum := sm3.Sum(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// subjectKeyID computes a subject key identifier: the first 160 bits of SM3 over
// the DER SubjectPublicKeyInfo (in the spirit of RFC 7093, with SM3).
func subjectKeyID(pub crypto.PublicKey) ([]byte, error) {
	der, err := smx509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	sum := sm3.Sum(der)
	return sum[:20], nil
}
