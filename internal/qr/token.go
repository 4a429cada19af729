package qr

import (
	"crypto"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"ezz/internal/sign"
)

// Format constants of version 1 of the token (docs/qr.md).
const (
	Prefix       = "EZZ1:" // starts every version-1 token, after the optional URL prefix
	KeyIDLen     = 8       // key id bytes (16 hex characters)
	DigestLen    = 16      // record digest bytes kept in the token
	headerLen    = 1 + KeyIDLen + 4 + 4 + DigestLen
	rawSigLen    = 64 // r||s of an SM2 or ECDSA P-256 signature
	MaxIDLen     = 128
	MaxPayload   = 1024 // longest payload Verify looks at, in bytes
	MaxQRVersion = 10   // the token must fit a QR code of this version at level M
)

// Algorithm codes in byte 0 of the binary part.
const (
	algCodeSM2   byte = 1
	algCodeECDSA byte = 2
)

// Claims is what a token says. Digest holds the first DigestLen bytes of the
// SM3 digest of the certificate record.
type Claims struct {
	Identifier string
	KeyID      string // 16 lowercase hex characters
	IssuedAt   time.Time
	ExpiresAt  time.Time
	Digest     []byte
}

// ErrTooLarge is returned by Make when the token would not fit a QR code of
// version MaxQRVersion at error correction level M.
var ErrTooLarge = errors.New("QR token too large")

// makeAttempts bounds the re-signing Make does, after a URL prefix, to find
// a randomized signature that needs few escapes (docs/qr.md, "Size").
const makeAttempts = 8

// Make signs c with key and returns the QR payload: urlPrefix, then the token.
// Times are kept to the second. Only SM2 and ECDSA P-256 keys make tokens that
// fit; an RSA key is refused with ErrTooLarge.
func Make(c Claims, key crypto.Signer, urlPrefix string) (string, error) {
	head, err := unsigned(c, key.Public(), urlPrefix)
	if err != nil {
		return "", err
	}
	msg := signedMessage(c.Identifier, head)
	var payload string
	version, clean := MaxQRVersion+1, false
	var lastLen, lastV int
	for range makeAttempts {
		p, unescaped, v, err := attempt(key, msg, head, c.Identifier, urlPrefix)
		if err != nil {
			return "", err
		}
		lastLen, lastV = len(p), v
		ok := !pathChanging(p)
		if v <= MaxQRVersion && (ok && !clean || ok == clean && v < version) {
			payload, version, clean = p, v, ok
		}
		if clean && payload == p && escapesFree(p, unescaped, v) {
			break // no "//", and its escapes cost no QR version: no signature does better
		}
	}
	if version <= MaxQRVersion {
		return payload, nil // a "//" left is in the signed header: no signature avoids it
	}
	return "", fmt.Errorf("%w: payload of %d characters needs QR version %d at level M, more than %d: shorten the URL prefix (%d characters)",
		ErrTooLarge, lastLen, lastV, MaxQRVersion, len(urlPrefix))
}

// unsigned checks what Make checks before it signs — the key's algorithm,
// the URL prefix, the claims — and returns the token's header.
func unsigned(c Claims, pub crypto.PublicKey, urlPrefix string) ([]byte, error) {
	alg, err := sign.AlgorithmOf(pub)
	if err != nil {
		return nil, fmt.Errorf("make QR token: %w", err)
	}
	code, err := algCode(alg)
	if err != nil {
		return nil, err
	}
	if err := checkURLPrefix(urlPrefix); err != nil {
		return nil, err
	}
	head, err := header(c, code)
	if err != nil {
		return nil, fmt.Errorf("make QR token for %q: %w", c.Identifier, err)
	}
	return head, nil
}

// Check tells, without signing, whether Make would succeed for c with a key
// whose public half is pub: it returns Make's error for what does not depend
// on the signature, and sure when no signature Make could draw makes it fail.
// A caller that keeps no token (a conversion without PDFs, whose tokens nobody
// receives) checks its rows with Check and signs only when it is not sure.
//
// A bare token (no URL prefix) is sure whenever LongestPayload fits: its
// length and its characters do not depend on the signature. Behind a URL
// prefix the signature's escapes lengthen it, and Make keeps the best of
// makeAttempts signatures; Check is sure when the token fits with
// checkEscapes of its signature's characters escaped. Only 65 of them can be
// a space or a % (a Base45 group's third character never is, nor the second of
// the last), each with chance about 2/45: a signature needs more than 16
// escapes with chance at most 6 × 10⁻⁹ (the first of them shares a group with
// the digest's last byte; 2.2 × 10⁻⁹ averaged over digests), and Make fails
// only if all of its 8 do: below 10⁻⁶⁵. The worst case is a bound for every
// payload with at most 16 escapes, the segmenter being optimal
// (TestSegmentsOptimal, TestCheckEscapeAllowance); with 17 Make
// can fail, so the allowance is as tight as it can be. (Make's own outcome
// behind a prefix was always a draw of signatures.)
func Check(c Claims, pub crypto.PublicKey, urlPrefix string) (sure bool, err error) {
	head, err := unsigned(c, pub, urlPrefix)
	if err != nil {
		return false, err
	}
	if urlPrefix == "" {
		return surelyFits(LongestPayload(c.Identifier)), nil
	}
	fixed := Base45Encode(head[:headerLen/2*2]) // the characters the signature does not touch
	free := Base45EncodedLen(headerLen+rawSigLen) - len(fixed)
	worst := urlPrefix + Prefix + c.Identifier + ":" + escape(fixed, true) +
		strings.Repeat("A", free-checkEscapes) + strings.Repeat("%20", checkEscapes)
	v, err := Version(worst)
	return err == nil && v <= MaxQRVersion, nil
}

// checkEscapes is how many of a signature's Base45 characters Check allows
// for as escaped behind a URL prefix (three characters each).
const checkEscapes = 16

// attempt signs msg and returns the payload, the same without its escapes, and
// the payload's QR version (MaxQRVersion for a bare token that surely fits).
func attempt(key crypto.Signer, msg, head []byte, id, urlPrefix string) (payload, unescaped string, v int, err error) {
	sig, err := sign.Sign(key, msg)
	if err != nil {
		return "", "", 0, fmt.Errorf("make QR token for %q: sign: %w", id, err)
	}
	raw, err := rawFromASN1(sig)
	if err != nil {
		return "", "", 0, fmt.Errorf("make QR token for %q: %w", id, err)
	}
	b45 := Base45Encode(append(head, raw...))
	payload = urlPrefix + Prefix + id + ":" + escape(b45, urlPrefix != "")
	if urlPrefix == "" && surelyFits(payload) {
		return payload, payload, MaxQRVersion, nil
	}
	if v, err = Version(payload); err != nil {
		return "", "", 0, fmt.Errorf("%w: payload of %d characters: %v: shorten the URL prefix (%d characters)", ErrTooLarge, len(payload), err, len(urlPrefix))
	}
	return payload, urlPrefix + Prefix + id + ":" + b45, v, nil
}

// escapesFree reports whether payload, of QR version v, is as small as it
// would be without its escapes (unescaped is the same token with Base45's
// space and % as they are): then no other signature gives a smaller code, as
// far as escapes go. A payload without escapes is.
func escapesFree(payload, unescaped string, v int) bool {
	if len(payload) == len(unescaped) {
		return true
	}
	least, err := Version(unescaped)
	return err == nil && v <= least
}

// algCode maps a sign algorithm name to its token code.
func algCode(alg string) (byte, error) {
	switch alg {
	case sign.AlgSM2:
		return algCodeSM2, nil
	case sign.AlgECDSA:
		return algCodeECDSA, nil
	case sign.AlgRSA:
		return 0, fmt.Errorf("%w: an RSA signature takes at least 256 bytes (342 Base45 characters) and a version-%d QR code at level M holds 311: sign QR tokens with an SM2 or ECDSA P-256 key",
			ErrTooLarge, MaxQRVersion)
	}
	return 0, fmt.Errorf("make QR token: unsupported algorithm %s", alg)
}

// header encodes everything but the identifier and the signature.
func header(c Claims, code byte) ([]byte, error) {
	if err := checkIdentifier(c.Identifier); err != nil {
		return nil, err
	}
	kid, err := hex.DecodeString(c.KeyID)
	if err != nil || len(kid) != KeyIDLen {
		return nil, fmt.Errorf("key id %q: want %d hex characters", c.KeyID, 2*KeyIDLen)
	}
	if len(c.Digest) < DigestLen {
		return nil, fmt.Errorf("record digest of %d bytes: want at least %d", len(c.Digest), DigestLen)
	}
	iat, err := unixSeconds("issued-at", c.IssuedAt)
	if err != nil {
		return nil, err
	}
	exp, err := unixSeconds("expires-at", c.ExpiresAt)
	if err != nil {
		return nil, err
	}
	if exp <= iat {
		return nil, fmt.Errorf("expires-at %s is not after issued-at %s", c.ExpiresAt.UTC().Format(time.RFC3339), c.IssuedAt.UTC().Format(time.RFC3339))
	}
	h := make([]byte, 0, headerLen+rawSigLen)
	h = append(h, code)
	h = append(h, kid...)
	h = binary.BigEndian.AppendUint32(h, iat)
	h = binary.BigEndian.AppendUint32(h, exp)
	return append(h, c.Digest[:DigestLen]...), nil
}

// unixSeconds returns t as unsigned 32-bit seconds since the Unix epoch.
func unixSeconds(name string, t time.Time) (uint32, error) {
	s := t.Unix()
	if s < 0 || s > 0xFFFFFFFF {
		return 0, fmt.Errorf("%s %s is outside 1970–2106", name, t.UTC().Format(time.RFC3339))
	}
	return uint32(s), nil
}

// signedMessage is what the signature covers: the token text up to the
// Base45 part, then the binary header.
func signedMessage(identifier string, head []byte) []byte {
	msg := make([]byte, 0, len(Prefix)+len(identifier)+1+len(head))
	msg = append(msg, Prefix...)
	msg = append(msg, identifier...)
	msg = append(msg, ':')
	return append(msg, head...)
}

// checkIdentifier accepts 1–MaxIDLen characters of 0–9, A–Z and '.', the
// characters of a GB/T 36904 identifier.
func checkIdentifier(id string) error {
	if id == "" || len(id) > MaxIDLen {
		return fmt.Errorf("identifier of %d characters: want 1 to %d", len(id), MaxIDLen)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '.') {
			return fmt.Errorf("identifier %q: character %q at offset %d is not 0-9, A-Z or '.'", id, c, i)
		}
	}
	return nil
}

// checkURLPrefix refuses prefixes a verifier could not split off the token.
func checkURLPrefix(p string) error {
	if i := versionMark(p); i >= 0 {
		return fmt.Errorf("QR URL prefix %q must not contain %q", p, p[i:i+5])
	}
	for i := 0; i < len(p); i++ {
		if p[i] <= ' ' || p[i] >= 0x7f {
			return fmt.Errorf("QR URL prefix %q: character %q at offset %d is not printable ASCII", p, p[i], i)
		}
	}
	return nil
}

// pathChanging reports whether payload, used as a URL path, holds a "//",
// which proxies and path-cleaning routers merge. Make signs again
// (signatures are randomised) to avoid one, unless it is in the signed
// header, which no signature changes (about 1 header in 130). Base45 never
// yields a "." or ".." segment, which browsers would remove: every third
// character of a group is below 33 ('.' is 42, '/' 43), and so is the second
// of a final single byte (docs/web.md).
func pathChanging(payload string) bool {
	_, rest, _ := strings.Cut(payload, Prefix)
	return strings.Contains(rest, "//")
}

var urlEscaper = strings.NewReplacer(" ", "%20", "%", "%25")

// escape percent-encodes the two Base45 characters a URL cannot carry as
// is, when the token follows a URL prefix; a bare token keeps them.
func escape(s string, url bool) string {
	if !url {
		return s
	}
	return urlEscaper.Replace(s)
}
