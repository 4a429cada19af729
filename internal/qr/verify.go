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

// ClockSkew is how far a verifier's clock may be off: a token is accepted from
// ClockSkew before its issued-at until ClockSkew after its expires-at.
const ClockSkew = 5 * time.Minute

// Verification outcomes. Verify wraps exactly one of them; errors.Is tells
// them apart and Result names them.
var (
	ErrMalformed    = errors.New("not a well-formed ezz QR token")
	ErrUnknownKey   = errors.New("QR token signed by an unknown key")
	ErrBadSignature = errors.New("QR token signature does not verify")
	ErrNotYetValid  = errors.New("QR token not yet valid")
	ErrExpired      = errors.New("QR token expired")
	ErrNotBound     = errors.New("QR token belongs to another certificate")
)

// token is a decoded, not yet verified token.
type token struct {
	claims Claims
	alg    byte
	msg    []byte // the signed message
	sig    []byte // raw r||s
}

// Parse decodes payload without checking its signature or times: its claims
// are untrusted. Errors wrap ErrMalformed.
func Parse(payload string) (Claims, error) {
	t, err := decode(payload)
	return t.claims, err
}

// Verify checks payload as of at: its form, its signature with the key that
// lookup returns for its key id, and its validity window widened by ClockSkew.
// The error wraps ErrMalformed, ErrUnknownKey, ErrBadSignature, ErrNotYetValid
// or ErrExpired; the claims are filled as far as they could be decoded and are
// trustworthy only with a nil error, ErrNotYetValid or ErrExpired.
func Verify(payload string, lookup func(keyID string) (crypto.PublicKey, error), at time.Time) (Claims, error) {
	t, err := decode(payload)
	if err != nil {
		return t.claims, err
	}
	c := t.claims
	pub, err := lookup(c.KeyID)
	if errors.Is(err, sign.ErrUnknownKey) {
		return c, fmt.Errorf("%w: key id %s", ErrUnknownKey, c.KeyID)
	}
	if err != nil {
		return c, fmt.Errorf("%w: key id %s: %v", ErrUnknownKey, c.KeyID, err)
	}
	if pub == nil {
		return c, fmt.Errorf("%w: key id %s", ErrUnknownKey, c.KeyID)
	}
	if err := checkSignature(t, pub); err != nil {
		return c, err
	}
	return c, checkTime(c, at)
}

// checkSignature verifies t's signature with pub.
func checkSignature(t token, pub crypto.PublicKey) error {
	alg, err := sign.AlgorithmOf(pub)
	if err != nil {
		return fmt.Errorf("%w: key %s: %v", ErrBadSignature, t.claims.KeyID, err)
	}
	if code, _ := algCode(alg); code != t.alg {
		return fmt.Errorf("%w: token says algorithm %d but key %s is %s", ErrBadSignature, t.alg, t.claims.KeyID, alg)
	}
	der, err := asn1FromRaw(t.sig)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	if err := sign.Verify(pub, t.msg, der); err != nil {
		return fmt.Errorf("%w: key %s (%s)", ErrBadSignature, t.claims.KeyID, alg)
	}
	return nil
}

// checkTime applies the validity window and ClockSkew.
func checkTime(c Claims, at time.Time) error {
	if at.Before(c.IssuedAt.Add(-ClockSkew)) {
		return fmt.Errorf("%w: valid from %s, checked at %s", ErrNotYetValid, stamp(c.IssuedAt), stamp(at))
	}
	if at.After(c.ExpiresAt.Add(ClockSkew)) {
		return fmt.Errorf("%w at %s, checked at %s", ErrExpired, stamp(c.ExpiresAt), stamp(at))
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// decode splits and decodes payload, bounding every length before it allocates.
func decode(payload string) (token, error) {
	var t token
	if len(payload) > MaxPayload {
		return t, malformed("payload of %d bytes is longer than any ezz QR token (%d at most)", len(payload), MaxPayload)
	}
	start := strings.Index(payload, Prefix)
	if start < 0 {
		if i := versionMark(payload); i >= 0 {
			return t, malformed("token version %q is not supported: this ezz reads %q", payload[i:i+5], Prefix)
		}
		return t, malformed("no %q marker", Prefix)
	}
	rest := payload[start+len(Prefix):]
	id, b45, ok := strings.Cut(rest, ":")
	if !ok {
		return t, malformed("no ':' after the identifier")
	}
	if err := checkIdentifier(id); err != nil {
		return t, malformed("%v", err)
	}
	t.claims.Identifier = id
	want := Base45EncodedLen(headerLen + rawSigLen)
	if len(b45) != want { // escaped: after a URL prefix (or made before ezz kept bare tokens bare)
		var err error
		if b45, err = unescape(b45, want); err != nil {
			return t, err
		}
	}
	bin, err := Base45Decode(b45)
	if err != nil {
		return t, malformed("%v", err)
	}
	return t, t.fill(bin)
}

// fill reads the binary part into t.
func (t *token) fill(bin []byte) error {
	if len(bin) != headerLen+rawSigLen {
		return malformed("binary part of %d bytes: want %d", len(bin), headerLen+rawSigLen)
	}
	t.alg = bin[0]
	if t.alg != algCodeSM2 && t.alg != algCodeECDSA {
		return malformed("unknown algorithm code %d", t.alg)
	}
	c := &t.claims
	c.KeyID = hex.EncodeToString(bin[1 : 1+KeyIDLen])
	off := 1 + KeyIDLen
	c.IssuedAt = time.Unix(int64(binary.BigEndian.Uint32(bin[off:])), 0).UTC()
	c.ExpiresAt = time.Unix(int64(binary.BigEndian.Uint32(bin[off+4:])), 0).UTC()
	c.Digest = append([]byte(nil), bin[off+8:headerLen]...)
	if !c.ExpiresAt.After(c.IssuedAt) {
		return malformed("expires-at %s is not after issued-at %s", stamp(c.ExpiresAt), stamp(c.IssuedAt))
	}
	t.msg = signedMessage(c.Identifier, bin[:headerLen])
	t.sig = bin[headerLen:]
	return nil
}

// unescape undoes escape, refusing input longer than want characters once unescaped.
func unescape(s string, want int) (string, error) {
	if len(s) > 3*want {
		return "", malformed("Base45 part of %d characters: want %d", len(s), want)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return "", malformed("raw space at offset %d of the Base45 part: spaces are sent as %%20", i)
		}
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], "%20"):
			b.WriteByte(' ')
		case strings.HasPrefix(s[i:], "%25"):
			b.WriteByte('%')
		default:
			return "", malformed("'%%' at offset %d of the Base45 part is not %%20 or %%25", i)
		}
		i += 2
	}
	if b.Len() != want {
		return "", malformed("Base45 part of %d characters: want %d", b.Len(), want)
	}
	return b.String(), nil
}

// versionMark returns the offset of the first "EZZ<digit>:" in s, or -1.
func versionMark(s string) int {
	for i := 0; i+5 <= len(s); i++ {
		if s[i:i+3] == "EZZ" && s[i+3] >= '0' && s[i+3] <= '9' && s[i+4] == ':' {
			return i
		}
	}
	return -1
}

func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, a...))
}

// Result names the outcome err reports, for reports and --json: valid,
// expired, not-yet-valid, bad-signature, unknown-key, malformed, not-bound,
// or error for anything else.
func Result(err error) string {
	for _, r := range []struct {
		err  error
		name string
	}{
		{ErrExpired, "expired"}, {ErrNotYetValid, "not-yet-valid"}, {ErrBadSignature, "bad-signature"},
		{ErrUnknownKey, "unknown-key"}, {ErrMalformed, "malformed"}, {ErrNotBound, "not-bound"},
	} {
		if errors.Is(err, r.err) {
			return r.name
		}
	}
	if err == nil {
		return "valid"
	}
	return "error"
}
