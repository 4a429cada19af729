package record

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/emmansun/gmsm/sm3"
	"regexp"

	"ezz/internal/sign"
)

// EnvelopeV1 is the format field of a version-1 signed envelope.
const EnvelopeV1 = "ezz/signed-record/v1"

// MaxEnvelope bounds the size of an envelope Open accepts.
const MaxEnvelope = 1 << 20

// Distinct reasons Open refuses an envelope.
var (
	ErrMalformed    = errors.New("malformed signed record")
	ErrUnknownKey   = sign.ErrUnknownKey
	ErrBadSignature = sign.ErrBadSignature
)

var keyIDPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

// Envelope is a signed record as stored and exchanged. It is written compactly
// with its fields in the order below, the record last and byte-for-byte its
// canonical encoding, so that a third party can cut the signed bytes out of
// the file (scripts/verify-record-openssl.sh).
type Envelope struct {
	Format    string          `json:"format"`
	Alg       string          `json:"alg"`       // sign.AlgSM2, AlgECDSA or AlgRSA
	KeyID     string          `json:"key_id"`    // sign.KeyID of the signing key
	Signature string          `json:"signature"` // base64 (standard, padded) of the ASN.1 or PKCS #1 signature
	Record    json.RawMessage `json:"record"`    // the canonical record

	digest []byte // set by OpenEnvelope: the SM3 of the record's canonical encoding
}

// Digest is the Digest of the record OpenEnvelope returned with e, as it was
// opened: the SM3 of the signed bytes, when they were that record's own
// canonical encoding. It is nil otherwise, and for an envelope not opened.
func (e *Envelope) Digest() []byte { return e.digest }

// Seal signs r's canonical encoding with key and returns the envelope, one
// line of JSON ending in a newline, and the record's Digest from the same
// canonical encoding (issuance binds the QR code to it).
func Seal(r *Record, key crypto.Signer, keyID string) (envelope, digest []byte, err error) {
	alg, err := sign.AlgorithmOf(key.Public())
	if err != nil {
		return nil, nil, err
	}
	if got := sign.KeyID(key.Public()); got != keyID {
		return nil, nil, fmt.Errorf("sign record: key id %q does not name the signing key (%s)", keyID, got)
	}
	buf, err := r.canonical(headRoom)
	if err != nil {
		return nil, nil, fmt.Errorf("sign record %s: %w", r.Identifier, err)
	}
	c := buf[headRoom:]
	sig, err := sign.Sign(key, c)
	if err != nil {
		return nil, nil, fmt.Errorf("sign record %s: %w", r.Identifier, err)
	}
	env := Envelope{Format: EnvelopeV1, Alg: alg, KeyID: keyID, Signature: base64.StdEncoding.EncodeToString(sig)}
	sum := sm3.Sum(c)
	return env.encodeAround(buf, headRoom), sum[:], nil
}

// headRoom is the room Seal leaves before the canonical record for the
// envelope's head, which an SM2 or ECDSA signature's takes (≈200 bytes);
// an RSA signature's does not, and its envelope is written anew.
const headRoom = 256

// encodeAround is encode of the canonical record buf[at:], writing the head
// into the room before it when it fits, so that the record is not copied.
func (e *Envelope) encodeAround(buf []byte, at int) []byte {
	var room [headRoom]byte
	head := e.appendHead(room[:0])
	if len(head) > at {
		return e.encode(buf[at:])
	}
	start := at - len(head)
	copy(buf[start:], head)
	return append(buf[start:], "}\n"...)
}

// Split parses an envelope and returns it with the canonical bytes that were
// signed and the raw signature, without checking the signature. An envelope
// must be exactly the bytes Seal wrote (up to trailing white space).
func Split(data []byte) (env *Envelope, canonical, sig []byte, err error) {
	env, canonical, sig, _, err = split(data)
	return env, canonical, sig, err
}

// Signed returns the canonical record of an envelope Seal wrote — the bytes
// after its head's `"record":` up to the final `}`, the bytes that were
// signed and that Digest hashes — cut out without parsing, as
// scripts/verify-record-openssl.sh does. It checks the envelope's shape
// only; for an envelope from outside, use Split or Open.
func Signed(envelope []byte) ([]byte, error) {
	b := bytes.TrimRight(envelope, " \t\r\n")
	_, rest, ok := bytes.Cut(b, []byte(`,"record":`))
	if !bytes.HasPrefix(b, []byte(`{"format":`)) || !ok || len(rest) < 3 || rest[0] != '{' || rest[len(rest)-1] != '}' {
		return nil, fmt.Errorf("%w: not an envelope ezz wrote", ErrMalformed)
	}
	return rest[:len(rest)-1], nil
}

// split is Split that also returns the record when the signed bytes were
// already canonical and were decoded on the way (nil otherwise).
func split(data []byte) (env *Envelope, canonical, sig []byte, rec *Record, err error) {
	if len(data) > MaxEnvelope {
		return nil, nil, nil, nil, fmt.Errorf("%w: larger than %d bytes", ErrMalformed, MaxEnvelope)
	}
	env = &Envelope{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(env); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if err := env.check(); err != nil {
		return nil, nil, nil, nil, err
	}
	if sig, err = base64.StdEncoding.Strict().DecodeString(env.Signature); err != nil || len(sig) == 0 {
		return nil, nil, nil, nil, fmt.Errorf("%w: signature is not base64", ErrMalformed)
	}
	if canonical, rec, err = canonicalOf(env.Record); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("%w: record: %v", ErrMalformed, err)
	}
	if !bytes.Equal(bytes.TrimRight(data, " \t\r\n"), bytes.TrimRight(env.encode(canonical), "\n")) {
		return nil, nil, nil, nil, fmt.Errorf("%w: not in the exact form ezz writes (reformatted or with duplicate fields?)", ErrMalformed)
	}
	return env, canonical, sig, rec, nil
}

// encode writes the envelope with canonical as its record: one line of JSON.
func (e *Envelope) encode(canonical []byte) []byte {
	b := make([]byte, 0, 64+len(e.Format)+len(e.Alg)+len(e.KeyID)+len(e.Signature)+len(canonical))
	b = append(e.appendHead(b), canonical...)
	return append(b, "}\n"...)
}

// appendHead appends the envelope up to its record: every field before it
// and `,"record":`.
func (e *Envelope) appendHead(b []byte) []byte {
	b = append(b, `{"format":`...)
	b, _ = appendString(b, e.Format)
	b = append(b, `,"alg":`...)
	b, _ = appendString(b, e.Alg)
	b = append(b, `,"key_id":`...)
	b, _ = appendString(b, e.KeyID)
	b = append(b, `,"signature":`...)
	b, _ = appendString(b, e.Signature)
	return append(b, `,"record":`...)
}

func (e *Envelope) check() error {
	switch {
	case e.Format != EnvelopeV1:
		return fmt.Errorf("%w: format %q, want %q", ErrMalformed, e.Format, EnvelopeV1)
	case e.Alg != sign.AlgSM2 && e.Alg != sign.AlgECDSA && e.Alg != sign.AlgRSA:
		return fmt.Errorf("%w: unknown algorithm %q", ErrMalformed, e.Alg)
	case !keyIDPattern.MatchString(e.KeyID):
		return fmt.Errorf("%w: key id %q is not 16 hex digits", ErrMalformed, e.KeyID)
	case len(e.Record) == 0 || e.Record[0] != '{':
		return fmt.Errorf("%w: record is not a JSON object", ErrMalformed)
	}
	return nil
}

// Open checks an envelope's signature with the key lookup finds for its key id
// and returns the record decoded from the signed bytes. Errors wrap
// ErrMalformed, ErrUnknownKey or ErrBadSignature.
func Open(data []byte, lookup func(keyID string) (crypto.PublicKey, error)) (*Record, error) {
	rec, _, err := OpenEnvelope(data, lookup)
	return rec, err
}

// OpenEnvelope is Open that also returns the envelope, parsed once.
func OpenEnvelope(data []byte, lookup func(keyID string) (crypto.PublicKey, error)) (*Record, *Envelope, error) {
	env, canonical, sig, rec, err := split(data)
	if err != nil {
		return nil, nil, err
	}
	pub, err := lookup(env.KeyID)
	if err != nil {
		if errors.Is(err, ErrUnknownKey) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("%w %q: %v", ErrUnknownKey, env.KeyID, err)
	}
	if alg, err := sign.AlgorithmOf(pub); err != nil || alg != env.Alg {
		return nil, nil, fmt.Errorf("%w: envelope says %s, key %s is %s", ErrBadSignature, env.Alg, env.KeyID, alg)
	}
	if err := sign.Verify(pub, canonical, sig); err != nil {
		return nil, nil, fmt.Errorf("record signed by key %s: %w", env.KeyID, err)
	}
	if rec != nil { // decoded from canonical, which is its canonical encoding
		sum := sm3.Sum(canonical)
		env.digest = sum[:]
	} else if rec, err = decodeRecord(canonical); err != nil {
		return nil, nil, err
	}
	return rec, env, nil
}

// decodeRecord decodes canonical bytes into a Record, refusing unknown fields
// and formats.
func decodeRecord(canonical []byte) (*Record, error) {
	r := &Record{}
	dec := json.NewDecoder(bytes.NewReader(canonical))
	dec.DisallowUnknownFields()
	if err := dec.Decode(r); err != nil {
		return nil, fmt.Errorf("%w: record: %v", ErrMalformed, err)
	}
	if r.Format != FormatV1 {
		return nil, fmt.Errorf("%w: record format %q, want %q", ErrMalformed, r.Format, FormatV1)
	}
	return r, nil
}

// canonicalOf returns raw when it is already the canonical encoding of a
// version-1 record (the common case, checked with the direct encoder), and
// otherwise its generic canonical form.
func canonicalOf(raw []byte) ([]byte, *Record, error) {
	if r, err := decodeRecord(raw); err == nil {
		if c, err := r.Canonical(); err == nil && bytes.Equal(c, raw) {
			return raw, r, nil
		}
	}
	c, err := Canonicalize(raw)
	return c, nil, err
}
