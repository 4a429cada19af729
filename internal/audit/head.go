package audit

import (
	"crypto"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"ezz/internal/sign"
)

// Head is a signed tree head: the log had Size entries with root Root at
// Time, signed by the issuing key KeyID names.
type Head struct {
	Size      uint64    `json:"size"`
	Root      Hash      `json:"root"`
	Time      time.Time `json:"time"`
	KeyID     string    `json:"key_id"`
	Signature HexBytes  `json:"signature"`
}

// HexBytes is a byte string written as lowercase hex in JSON.
type HexBytes []byte

// MarshalText writes lowercase hex.
func (b HexBytes) MarshalText() ([]byte, error) { return []byte(hex.EncodeToString(b)), nil }

// UnmarshalText reads hex, at most 1 KiB of bytes.
func (b *HexBytes) UnmarshalText(s []byte) error {
	if len(s) > 2048 {
		return errors.New("signature longer than 1 KiB")
	}
	d, err := hex.DecodeString(string(s))
	*b = d
	return err
}

// headTime is the head's time as signed: UTC RFC 3339 to the second.
func headTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Message is the text the signature covers.
func (h *Head) Message() []byte {
	m := []byte("ezz audit tree head v1\nsize ")
	m = strconv.AppendUint(m, h.Size, 10)
	m = append(m, "\nroot "...)
	m = append(m, h.Root.String()...)
	m = append(m, "\ntime "...)
	m = append(m, headTime(h.Time)...)
	m = append(m, "\nkey "...)
	m = append(m, h.KeyID...)
	return append(m, '\n')
}

// SignHead makes the head of a tree of size leaves with root at t, signed by key.
func SignHead(size uint64, root Hash, t time.Time, key crypto.Signer) (Head, error) {
	h := Head{Size: size, Root: root, Time: t.UTC().Truncate(time.Second), KeyID: sign.KeyID(key.Public())}
	if h.KeyID == "" {
		return Head{}, errors.New("sign tree head: the key has no key id")
	}
	sig, err := sign.Sign(key, h.Message())
	if err != nil {
		return Head{}, fmt.Errorf("sign tree head: %w", err)
	}
	h.Signature = sig
	return h, nil
}

// ErrHeadSignature is returned for a head whose signature does not verify.
var ErrHeadSignature = errors.New("tree head signature does not verify")

// Verify checks the head's signature with pub, which must be the key KeyID names.
func (h *Head) Verify(pub crypto.PublicKey) error {
	if id := sign.KeyID(pub); id != h.KeyID {
		return fmt.Errorf("%w: signed by key %s, checked with key %s", ErrHeadSignature, h.KeyID, id)
	}
	if err := sign.Verify(pub, h.Message(), h.Signature); err != nil {
		return fmt.Errorf("%w: head of size %d at %s", ErrHeadSignature, h.Size, headTime(h.Time))
	}
	return nil
}

// ParseHead reads a head written as JSON (at most 64 KiB).
func ParseHead(b []byte) (Head, error) {
	var h Head
	if len(b) > 64<<10 {
		return h, errors.New("tree head: larger than 64 KiB")
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return h, fmt.Errorf("tree head: %w", err)
	}
	return h, nil
}

// VerifyHeads checks that the tree of new extends the tree of old with
// proof, after checking both signatures with pub. It is what a receiver of
// pushed heads calls with the last head it kept and the one it is given.
func VerifyHeads(old, new Head, proof []Hash, pub crypto.PublicKey) error {
	for _, h := range []*Head{&old, &new} {
		if err := h.Verify(pub); err != nil {
			return err
		}
	}
	if new.Time.Before(old.Time) {
		return fmt.Errorf("%w: the head of size %d is older than the head of size %d", ErrProof, new.Size, old.Size)
	}
	return VerifyConsistency(old, new, proof)
}

// VerifyConsistency checks that the tree new commits to extends the tree old
// commits to, with proof from ConsistencyProof(old.Size, new.Size). It does
// not check the signatures: see Head.Verify and VerifyHeads.
func VerifyConsistency(old, new Head, proof []Hash) error {
	return VerifyConsistencyPath(old.Size, new.Size, old.Root, new.Root, proof)
}
