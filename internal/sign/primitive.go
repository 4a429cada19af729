// Package sign holds the agency's keys and issuer certificates and makes and checks
// SM2/SM3 signatures (RSA and ECDSA P-256 for keys from other CAs).
package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/emmansun/gmsm/sm2"
)

// DefaultUID is the SM2 user id (distid) used for every SM2 signature ezz makes.
const DefaultUID = "1234567812345678"

// Algorithm names, as they appear in tokens, records and reports.
const (
	AlgSM2    = "SM2-SM3"
	AlgECDSA  = "ECDSA-SHA256"
	AlgRSA    = "RSA-SHA256"
	algNotSet = ""
)

// ErrBadSignature is returned when a signature does not verify.
var ErrBadSignature = errors.New("signature does not verify")

// AlgorithmOf names the signature algorithm ezz uses with a public key.
func AlgorithmOf(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if sm2.IsSM2PublicKey(k) {
			return AlgSM2, nil
		}
		if k.Curve.Params().BitSize == 256 {
			return AlgECDSA, nil
		}
	case *rsa.PublicKey:
		if k.N.BitLen() >= 2048 {
			return AlgRSA, nil
		}
		return algNotSet, fmt.Errorf("RSA key of %d bits is too short: use 2048 bits or more", k.N.BitLen())
	}
	return algNotSet, fmt.Errorf("unsupported key type %T: use SM2, RSA-2048+ or ECDSA P-256", pub)
}

// Sign signs msg with key: SM2 with SM3 and the default UID (an in-memory
// SM2 key with the hedged nonce of sm2sign.go), or SHA-256 with ECDSA
// (ASN.1) or RSA PKCS #1 v1.5.
func Sign(key crypto.Signer, msg []byte) ([]byte, error) {
	alg, err := AlgorithmOf(key.Public())
	if err != nil {
		return nil, err
	}
	if alg == AlgSM2 {
		if priv, ok := key.(*sm2.PrivateKey); ok {
			return signSM2(priv, msg) // Z_A and the key's constants worked out once per key
		}
		return key.Sign(rand.Reader, msg, sm2.DefaultSM2SignerOpts)
	}
	sum := sha256.Sum256(msg)
	return key.Sign(rand.Reader, sum[:], crypto.SHA256)
}

// Verify checks a signature made by Sign. It returns ErrBadSignature when
// the signature does not verify.
func Verify(pub crypto.PublicKey, msg, sig []byte) error {
	alg, err := AlgorithmOf(pub)
	if err != nil {
		return err
	}
	ok := false
	switch alg {
	case AlgSM2:
		ok = sm2.VerifyASN1WithSM2(pub.(*ecdsa.PublicKey), []byte(DefaultUID), msg, sig)
	case AlgECDSA:
		sum := sha256.Sum256(msg)
		ok = ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), sum[:], sig)
	case AlgRSA:
		sum := sha256.Sum256(msg)
		ok = rsa.VerifyPKCS1v15(pub.(*rsa.PublicKey), crypto.SHA256, sum[:], sig) == nil
	}
	if !ok {
		return ErrBadSignature
	}
	return nil
}
