package pdfsig

import (
	"crypto"
	_ "crypto/sha512" // SHA-384 and SHA-512 digests in signatures made elsewhere
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
)

// parsedCMS is a detached SignedData with one signer.
type parsedCMS struct {
	p7          *pkcs7.PKCS7
	signer      *smx509.Certificate
	signingTime time.Time
	hashName    string
	newHash     func() hash.Hash
}

// parseCMS reads a DER SignedData (trailing zero padding allowed) with gmsm's pkcs7.
func parseCMS(der []byte) (c *parsedCMS, err error) {
	var outer asn1.RawValue
	rest, err := asn1.Unmarshal(der, &outer)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCMS, err)
	}
	for _, b := range rest {
		if b != 0 {
			return nil, fmt.Errorf("%w: data follows the CMS structure", ErrBadCMS)
		}
	}
	defer func() { // the pkcs7 parser is third-party code fed hostile input
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("%w: %v", ErrBadCMS, r)
		}
	}()
	p7, err := pkcs7.Parse(der[:len(der)-len(rest)])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCMS, err)
	}
	if len(p7.Signers) != 1 {
		return nil, fmt.Errorf("%w: it has %d signers, want 1", ErrBadCMS, len(p7.Signers))
	}
	c = &parsedCMS{p7: p7, signer: p7.GetOnlySigner()}
	if c.signer == nil {
		return nil, fmt.Errorf("%w: the signer's certificate is not included", ErrBadCMS)
	}
	if err := c.pickHash(p7.Signers[0].DigestAlgorithm.Algorithm); err != nil {
		return nil, err
	}
	var t time.Time
	if p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &t) == nil {
		c.signingTime = t
	}
	return c, nil
}

func (c *parsedCMS) pickHash(oid asn1.ObjectIdentifier) error {
	hashes := []struct {
		oid  asn1.ObjectIdentifier
		name string
		h    crypto.Hash
	}{
		{pkcs7.OIDDigestAlgorithmSHA256, "SHA-256", crypto.SHA256},
		{pkcs7.OIDDigestAlgorithmSHA384, "SHA-384", crypto.SHA384},
		{pkcs7.OIDDigestAlgorithmSHA512, "SHA-512", crypto.SHA512},
	}
	if oid.Equal(pkcs7.OIDDigestAlgorithmSM3) {
		c.hashName, c.newHash = "SM3", sm3.New
		return nil
	}
	for _, h := range hashes {
		if oid.Equal(h.oid) {
			c.hashName, c.newHash = h.name, h.h.New
			return nil
		}
	}
	return fmt.Errorf("%w: unsupported digest algorithm %s", ErrBadCMS, oid)
}

// verify checks the messageDigest attribute against digest and the signature
// over the signed attributes, using gmsm's pkcs7 verifier.
func (c *parsedCMS) verify(digest []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrBadCMS, r)
		}
	}()
	c.p7.Content = digest
	err = c.p7.VerifyAsDigest()
	var mismatch *pkcs7.MessageDigestMismatchError
	var badTime *pkcs7.InvalidSigningTimeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mismatch):
		return ErrDigestMismatch
	case errors.As(err, &badTime):
		return fmt.Errorf("%w: signed at %s, certificate valid %s to %s", ErrSigningTime,
			badTime.SigningTime.UTC().Format(time.RFC3339), badTime.NotBefore.UTC().Format(time.RFC3339), badTime.NotAfter.UTC().Format(time.RFC3339))
	}
	return fmt.Errorf("%w: %v", ErrBadSignature, err)
}

// verifyChain builds a chain from the signer to one of roots, valid at time at.
func verifyChain(signer *smx509.Certificate, certs, roots []*smx509.Certificate, at time.Time) ([]*smx509.Certificate, error) {
	rootPool, inter := smx509.NewCertPool(), smx509.NewCertPool()
	for _, r := range roots {
		rootPool.AddCert(r)
	}
	for _, c := range certs {
		inter.AddCert(c)
	}
	chains, err := signer.Verify(smx509.VerifyOptions{
		Roots: rootPool, Intermediates: inter, CurrentTime: at,
		KeyUsages: []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny},
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUntrusted, err)
	}
	return chains[0], nil
}

// parsePDFDate reads D:YYYYMMDDHHmmSSOHH'mm' (trailing parts optional).
func parsePDFDate(s string) (time.Time, error) {
	if len(s) >= 2 && s[:2] == "D:" {
		s = s[2:]
	}
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits < 4 || digits%2 != 0 {
		return time.Time{}, fmt.Errorf("bad PDF date %q", s)
	}
	layout := "20060102150405"[:digits]
	loc := time.UTC
	if rest := s[digits:]; len(rest) >= 3 && (rest[0] == '+' || rest[0] == '-') {
		h, _ := strconv.Atoi(rest[1:3])
		m := 0
		if len(rest) >= 6 {
			m, _ = strconv.Atoi(rest[4:6])
		}
		off := h*3600 + m*60
		if rest[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	return time.ParseInLocation(layout, s[:digits], loc)
}
