package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"hash"

	"github.com/emmansun/gmsm/sm2"
)

// Digest hashes a message as Sign would, for messages too large to hold in
// memory: write the message to it, then call SignDigest. The signature is the
// same kind Sign makes, so Verify (and OpenSSL) check it over the whole message.
type Digest struct {
	hash.Hash
	key crypto.Signer
	alg string
}

// NewDigest starts a streamed signature with key.
func NewDigest(key crypto.Signer) (*Digest, error) {
	alg, err := AlgorithmOf(key.Public())
	if err != nil {
		return nil, err
	}
	d := &Digest{key: key, alg: alg}
	if alg == AlgSM2 {
		// SM3 over Z_A (from the public key and the default UID), then the message.
		if d.Hash, err = sm2.NewHashWithUserID(key.Public().(*ecdsa.PublicKey), []byte(DefaultUID)); err != nil {
			return nil, err
		}
		return d, nil
	}
	d.Hash = sha256.New()
	return d, nil
}

// SignDigest signs what was written to d.
func (d *Digest) SignDigest() ([]byte, error) {
	sum := d.Sum(nil)
	if d.alg == AlgSM2 {
		if priv, ok := d.key.(*sm2.PrivateKey); ok {
			k, err := sm2KeyOf(priv)
			if err != nil {
				return nil, err
			}
			return k.sign(rand.Reader, sum)
		}
		return d.key.Sign(rand.Reader, sum, crypto.Hash(0)) // a digest: no second Z_A
	}
	return d.key.Sign(rand.Reader, sum, crypto.SHA256)
}
