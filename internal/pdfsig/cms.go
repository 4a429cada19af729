package pdfsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"hash"
	"slices"
	"time"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	ezzsign "ezz/internal/sign"
)

// suite is the digest and signature algorithm used for one key type.
type suite struct {
	name    string // "SM3" or "SHA-256"
	digest  []byte // DER AlgorithmIdentifier of the digest
	sig     []byte // DER AlgorithmIdentifier of the signature
	newHash func() hash.Hash
	sign    func(key crypto.Signer, attrs []byte) ([]byte, error)
	maxSig  int // the longest signature value the key makes, in bytes
}

var (
	oidSM2Sign  = pkcs7.OIDDigestEncryptionAlgorithmSM2 // 1.2.156.10197.1.301.1 (GB/T 35275)
	oidECDSA256 = pkcs7.OIDDigestAlgorithmECDSASHA256   // ecdsa-with-SHA256
	oidRSA      = pkcs7.OIDEncryptionAlgorithmRSA       // rsaEncryption
	oidSHA256   = pkcs7.OIDDigestAlgorithmSHA256        // 2.16.840.1.101.3.4.2.1
	oidSM3      = pkcs7.OIDDigestAlgorithmSM3           // 1.2.156.10197.1.401
	oidData     = mustDER(pkcs7.OIDData)                // id-data
	oidSigned   = mustDER(pkcs7.OIDSignedData)          // id-signedData
	oidCT       = mustDER(pkcs7.OIDAttributeContentType)
	oidMD       = mustDER(pkcs7.OIDAttributeMessageDigest)
	oidSignTime = mustDER(pkcs7.OIDAttributeSigningTime)
	sm2Suite    = suite{"SM3", algID(oidSM3, true), algID(oidSM2Sign, true), sm3.New, signSM2, maxECSig}
	ecdsaSuite  = suite{"SHA-256", algID(oidSHA256, true), algID(oidECDSA256, false), sha256.New, signSHA256, maxECSig}
	rsaSuite    = suite{"SHA-256", algID(oidSHA256, true), algID(oidRSA, true), sha256.New, signSHA256, 0}
)

// maxECSig is the longest DER SM2 or ECDSA P-256 signature: a SEQUENCE of
// two INTEGERs of at most 33 content bytes each.
const maxECSig = 2 + 2*(2+33)

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
			s := rsaSuite
			s.maxSig = (k.N.BitLen() + 7) / 8 // PKCS #1 v1.5: exactly the modulus' length
			return s, nil
		}
	}
	return suite{}, fmt.Errorf("unsupported signing key %T: use SM2, ECDSA P-256 or RSA 2048–8192", pub)
}

// signSM2 signs attrs with SM2: SM3 over Z(A) and the message, default user
// id; an in-memory SM2 key through ezzsign.Sign, whose constants are worked out
// once per key.
func signSM2(key crypto.Signer, attrs []byte) ([]byte, error) {
	if k, ok := key.(*ecdsa.PrivateKey); ok {
		return (&sm2.PrivateKey{PrivateKey: *k}).Sign(rand.Reader, attrs, sm2.DefaultSM2SignerOpts)
	}
	return ezzsign.Sign(key, attrs)
}

func signSHA256(key crypto.Signer, attrs []byte) ([]byte, error) {
	sum := sha256.Sum256(attrs)
	return key.Sign(rand.Reader, sum[:], crypto.SHA256)
}

// signedAttrs returns the DER content (without the SET header) of the signed
// attributes: content type, signing time and message digest, in DER order.
func signedAttrs(digest []byte, at time.Time) ([]byte, error) {
	st, err := appendTime(nil, at)
	if err != nil {
		return nil, err
	}
	attrs := [3][]byte{
		attribute(oidCT, oidData),
		attribute(oidSignTime, st),
		attribute(oidMD, appendElem(nil, tagOctets, digest)),
	}
	slices.SortFunc(attrs[:], bytes.Compare) // a SET OF is in the order of its encodings
	return slices.Concat(attrs[:]...), nil
}

// attribute is the DER Attribute of type oid with the one value v.
func attribute(oid, v []byte) []byte {
	b := appendHeader(nil, tagSequence, len(oid)+elemLen(len(v)))
	b = append(b, oid...)
	return appendElem(b, tagSet, v)
}

// signedData is a detached CMS SignedData with one signer (issuer and
// serial), laid out as DER: the lengths of its nested elements follow from
// the signature's length.
type signedData struct {
	s      *suite
	attrs  []byte // the signed attributes' content
	issuer []byte // the signer certificate's issuer, DER
	serial []byte // its serial number's INTEGER content
	certs  [][]byte
	nCerts int // their total length
}

func newSignedData(s *suite, chain []*smx509.Certificate, attrs []byte) *signedData {
	sd := &signedData{s: s, attrs: attrs, issuer: chain[0].RawIssuer, serial: intContent(chain[0].SerialNumber)}
	for _, c := range chain {
		sd.certs = append(sd.certs, c.Raw)
		sd.nCerts += len(c.Raw)
	}
	return sd
}

// lengths are the content lengths of the SignerInfo, of the SignedData and
// of the whole ContentInfo for a signature of sigLen bytes.
func (sd *signedData) lengths(sigLen int) (signer, data, all int) {
	sid := elemLen(len(sd.issuer) + elemLen(len(sd.serial)))
	signer = 3 + sid + len(sd.s.digest) + elemLen(len(sd.attrs)) + len(sd.s.sig) + elemLen(sigLen)
	data = 3 + elemLen(len(sd.s.digest)) + elemLen(len(oidData)) + elemLen(sd.nCerts) + elemLen(elemLen(signer))
	all = len(oidSigned) + elemLen(elemLen(data))
	return signer, data, all
}

// size is the length of the encoded CMS with the longest signature.
func (sd *signedData) size() int {
	_, _, all := sd.lengths(sd.s.maxSig)
	return elemLen(all)
}

// encode is the DER ContentInfo carrying sig.
func (sd *signedData) encode(sig []byte) []byte {
	signer, data, all := sd.lengths(len(sig))
	b := make([]byte, 0, elemLen(all))
	b = appendHeader(b, tagSequence, all)
	b = append(b, oidSigned...)
	b = appendHeader(b, tagContext0, elemLen(data)) // [0] EXPLICIT
	b = appendHeader(b, tagSequence, data)
	b = append(b, tagInteger, 1, 1) // version 1
	b = appendElem(b, tagSet, sd.s.digest)
	b = appendElem(b, tagSequence, oidData) // encapContentInfo, detached
	b = appendHeader(b, tagContext0, sd.nCerts)
	for _, c := range sd.certs {
		b = append(b, c...)
	}
	b = appendHeader(b, tagSet, elemLen(signer))
	b = appendHeader(b, tagSequence, signer)
	b = append(b, tagInteger, 1, 1) // version 1: issuer and serial number
	b = appendHeader(b, tagSequence, len(sd.issuer)+elemLen(len(sd.serial)))
	b = append(b, sd.issuer...)
	b = appendElem(b, tagInteger, sd.serial)
	b = append(b, sd.s.digest...)
	b = appendElem(b, tagContext0, sd.attrs) // [0] IMPLICIT SET OF Attribute
	b = append(b, sd.s.sig...)
	return appendElem(b, tagOctets, sig)
}

// sign signs the attributes with key and returns the encoded CMS.
func (sd *signedData) sign(key crypto.Signer) ([]byte, error) {
	set := appendElem(make([]byte, 0, elemLen(len(sd.attrs))), tagSet, sd.attrs)
	sig, err := sd.s.sign(key, set)
	if err != nil {
		return nil, fmt.Errorf("sign the signed attributes: %w", err)
	}
	return sd.encode(sig), nil
}

// buildCMS makes a detached CMS SignedData over a precomputed digest,
// signed at time at, carrying the chain (signer first).
func buildCMS(s suite, key crypto.Signer, chain []*smx509.Certificate, digest []byte, at time.Time) ([]byte, error) {
	attrs, err := signedAttrs(digest, at)
	if err != nil {
		return nil, err
	}
	return newSignedData(&s, chain, attrs).sign(key)
}

// cmsSize is the longest CMS buildCMS can make for this suite, chain and time.
func cmsSize(s suite, chain []*smx509.Certificate, at time.Time) (int, error) {
	attrs, err := signedAttrs(make([]byte, s.newHash().Size()), at)
	if err != nil {
		return 0, err
	}
	return newSignedData(&s, chain, attrs).size(), nil
}
