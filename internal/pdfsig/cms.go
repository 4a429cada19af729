package pdfsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"hash"
	"math/big"
	"slices"
	"time"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// suite is the digest and signature algorithm used for one key type.
type suite struct {
	name    string // "SM3" or "SHA-256"
	digest  asn1.ObjectIdentifier
	sig     pkix.AlgorithmIdentifier
	newHash func() hash.Hash
	sign    func(key crypto.Signer, attrs []byte) ([]byte, error)
}

var (
	oidSM2Sign  = pkcs7.OIDDigestEncryptionAlgorithmSM2 // 1.2.156.10197.1.301.1 (GB/T 35275)
	oidECDSA256 = pkcs7.OIDDigestAlgorithmECDSASHA256   // ecdsa-with-SHA256
	oidRSA      = pkcs7.OIDEncryptionAlgorithmRSA       // rsaEncryption
	oidSHA256   = pkcs7.OIDDigestAlgorithmSHA256        // 2.16.840.1.101.3.4.2.1
	oidSM3      = pkcs7.OIDDigestAlgorithmSM3           // 1.2.156.10197.1.401
	oidData     = pkcs7.OIDData                         // id-data
	oidSigned   = pkcs7.OIDSignedData                   // id-signedData
	oidCT       = pkcs7.OIDAttributeContentType         // content-type attribute
	oidMD       = pkcs7.OIDAttributeMessageDigest       // message-digest attribute
	oidSignTime = pkcs7.OIDAttributeSigningTime         // signing-time attribute
	null        = asn1.RawValue{Tag: asn1.TagNull}      // ASN.1 NULL parameters
	sm2Suite    = suite{"SM3", oidSM3, pkix.AlgorithmIdentifier{Algorithm: oidSM2Sign, Parameters: null}, sm3.New, signSM2}
	ecdsaSuite  = suite{"SHA-256", oidSHA256, pkix.AlgorithmIdentifier{Algorithm: oidECDSA256}, sha256.New, signSHA256}
	rsaSuite    = suite{"SHA-256", oidSHA256, pkix.AlgorithmIdentifier{Algorithm: oidRSA, Parameters: null}, sha256.New, signSHA256}
)

// maxSigLength is the signature value size reserved for any supported key (RSA 8192).
const maxSigLength = 1024

// suiteFor picks the algorithms for a public key: SM2 → SM3, ECDSA P-256 and RSA → SHA-256.
func suiteFor(pub crypto.PublicKey) (suite, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if sm2.IsSM2PublicKey(k) {
			return sm2Suite, nil
		}
		if k.Curve.Params().BitSize == 256 {
			return ecdsaSuite, nil
		}
	case *rsa.PublicKey:
		if k.N.BitLen() >= 2048 && k.N.BitLen() <= 8192 {
			return rsaSuite, nil
		}
	}
	return suite{}, fmt.Errorf("unsupported signing key %T: use SM2, ECDSA P-256 or RSA 2048–8192", pub)
}

// signSM2 signs attrs with SM2: SM3 over Z(A) and the message, default user id.
func signSM2(key crypto.Signer, attrs []byte) ([]byte, error) {
	if k, ok := key.(*ecdsa.PrivateKey); ok {
		key = &sm2.PrivateKey{PrivateKey: *k}
	}
	return key.Sign(rand.Reader, attrs, sm2.DefaultSM2SignerOpts)
}

func signSHA256(key crypto.Signer, attrs []byte) ([]byte, error) {
	sum := sha256.Sum256(attrs)
	return key.Sign(rand.Reader, sum[:], crypto.SHA256)
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type signerInfo struct {
	Version     int
	SID         issuerAndSerial
	Digest      pkix.AlgorithmIdentifier
	SignedAttrs asn1.RawValue
	SigAlg      pkix.AlgorithmIdentifier
	Signature   []byte
}

type encapContent struct{ Type asn1.ObjectIdentifier }

type signedData struct {
	Version      int
	Digests      []pkix.AlgorithmIdentifier `asn1:"set"`
	Content      encapContent
	Certificates asn1.RawValue
	SignerInfos  []signerInfo `asn1:"set"`
}

type contentInfo struct {
	Type    asn1.ObjectIdentifier
	Content signedData `asn1:"explicit,tag:0"`
}

type attribute struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue
}

// signedAttrs returns the DER content (without the SET header) of the signed
// attributes: content type, signing time and message digest, in DER order.
func signedAttrs(digest []byte, at time.Time) ([]byte, error) {
	values := []struct {
		oid asn1.ObjectIdentifier
		v   any
	}{{oidCT, oidData}, {oidSignTime, at.UTC()}, {oidMD, digest}}
	var encs [][]byte
	for _, a := range values {
		v, err := asn1.Marshal(a.v)
		if err != nil {
			return nil, err
		}
		enc, err := asn1.Marshal(attribute{a.oid, asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}})
		if err != nil {
			return nil, err
		}
		encs = append(encs, enc)
	}
	slices.SortFunc(encs, bytes.Compare)
	return bytes.Join(encs, nil), nil
}

// buildCMS makes a detached CMS SignedData over a precomputed digest,
// signed at time at, carrying the chain (signer first).
func buildCMS(s suite, key crypto.Signer, chain []*smx509.Certificate, digest []byte, at time.Time) ([]byte, error) {
	attrs, err := signedAttrs(digest, at)
	if err != nil {
		return nil, err
	}
	set, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: attrs})
	if err != nil {
		return nil, err
	}
	sig, err := s.sign(key, set)
	if err != nil {
		return nil, fmt.Errorf("sign the signed attributes: %w", err)
	}
	var certs []byte
	for _, c := range chain {
		certs = append(certs, c.Raw...)
	}
	dalg := pkix.AlgorithmIdentifier{Algorithm: s.digest, Parameters: null}
	si := signerInfo{
		Version:     1,
		SID:         issuerAndSerial{asn1.RawValue{FullBytes: chain[0].RawIssuer}, chain[0].SerialNumber},
		Digest:      dalg,
		SignedAttrs: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs},
		SigAlg:      s.sig,
		Signature:   sig,
	}
	sd := signedData{
		Version:      1,
		Digests:      []pkix.AlgorithmIdentifier{dalg},
		Content:      encapContent{oidData},
		Certificates: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs},
		SignerInfos:  []signerInfo{si},
	}
	return asn1.Marshal(contentInfo{oidSigned, sd})
}
