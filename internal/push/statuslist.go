package push

import (
	"cmp"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"ezz/internal/ident"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/verify"
)

// StatusListV1 is the format of a signed status list.
const StatusListV1 = "ezz/status-list/v1"

// MaxStatusList bounds the size of a status list that is read.
const MaxStatusList = 64 << 20

// StatusList names every certificate of an agency that is not simply valid
// in its first version: each one whose status changed or that was altered
// (its current version supersedes the older ones). A certificate of one of
// the listed issuers that is not listed is valid as of IssuedAt.
type StatusList struct {
	Format     string        `json:"format"`
	KeyID      string        `json:"key_id"`  // the agency key that signs it
	Issuers    []string      `json:"issuers"` // issuer codes (the identifier part) it covers
	IssuedAt   string        `json:"issued_at"`
	NextUpdate string        `json:"next_update"` // after this the list is stale
	Entries    []StatusEntry `json:"entries"`
}

// StatusEntry is one certificate of a status list.
type StatusEntry struct {
	Current string `json:"current"` // the current version's identifier
	Code    string `json:"code"`
	Reason  string `json:"reason,omitempty"`
	At      string `json:"at"` // when the certificate last changed, RFC 3339 UTC
}

// SignedStatusList is a status list as published: the list exactly as
// signed, and the agency key's signature over it.
type SignedStatusList struct {
	List      json.RawMessage `json:"list"`
	Alg       string          `json:"alg"`
	Signature string          `json:"signature"` // base64
}

// SignStatusList signs l with key (setting its format and key id) and returns
// the published document.
func SignStatusList(l StatusList, key crypto.Signer) ([]byte, error) {
	l.Format, l.KeyID = StatusListV1, sign.KeyID(key.Public())
	slices.SortFunc(l.Entries, func(a, b StatusEntry) int { return cmp.Compare(a.Current, b.Current) })
	raw, err := record.Marshal(l)
	if err != nil {
		return nil, err
	}
	alg, err := sign.AlgorithmOf(key.Public())
	if err != nil {
		return nil, err
	}
	sig, err := sign.Sign(key, raw)
	if err != nil {
		return nil, fmt.Errorf("sign status list: %w", err)
	}
	// Canonical, as the list: indenting or encoding/json's escaping would
	// rewrite the signed bytes of the list inside the document.
	return record.Marshal(SignedStatusList{List: raw, Alg: alg, Signature: base64.StdEncoding.EncodeToString(sig)})
}

// ErrStatusList is wrapped by every reason a status list is refused.
var ErrStatusList = errors.New("bad status list")

// OpenStatusList checks a published status list's signature with the key
// lookup finds for its key id, and returns the list. Staleness is the
// caller's to judge (Stale).
func OpenStatusList(data []byte, lookup func(keyID string) (crypto.PublicKey, error)) (*StatusList, error) {
	if len(data) > MaxStatusList {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrStatusList, MaxStatusList)
	}
	var s SignedStatusList
	if err := record.DecodeStrict(data, &s); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStatusList, err)
	}
	var l StatusList
	if err := record.DecodeStrict(s.List, &l); err != nil || l.Format != StatusListV1 {
		return nil, fmt.Errorf("%w: not an %s document", ErrStatusList, StatusListV1)
	}
	pub, err := lookup(l.KeyID)
	if err != nil {
		return nil, err
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(s.Signature)
	if err != nil || sign.Verify(pub, s.List, sig) != nil {
		return nil, fmt.Errorf("%w: its signature does not verify with key %s", ErrStatusList, l.KeyID)
	}
	if _, err := time.Parse(time.RFC3339, l.NextUpdate); err != nil {
		return nil, fmt.Errorf("%w: next_update %q is not RFC 3339", ErrStatusList, l.NextUpdate)
	}
	return &l, nil
}

// Stale reports whether the list is past its next_update at at.
func (l *StatusList) Stale(at time.Time) bool {
	next, _ := time.Parse(time.RFC3339, l.NextUpdate)
	return at.After(next)
}

// Lookup finds the certificate the identifier (of any version) belongs to.
// covered is false when the list does not speak for the identifier's issuer.
func (l *StatusList) Lookup(identifier string) (e StatusEntry, listed, covered bool) {
	id, err := ident.Parse(identifier)
	if err != nil || !slices.Contains(l.Issuers, id.Issuer) {
		return StatusEntry{}, false, false
	}
	stem := StemOf(identifier)
	for _, e := range l.Entries {
		if StemOf(e.Current) == stem {
			return e, true, true
		}
	}
	return StatusEntry{}, false, true
}

// Bind checks that the list speaks only for the issuer codes its signer is
// bound to under t (verify.BindList): unbound is true when the signer is
// bound to none.
func (l *StatusList) Bind(t *sign.Trust) (unbound bool, err error) {
	issued, err := time.Parse(time.RFC3339, l.IssuedAt)
	if err != nil {
		return false, fmt.Errorf("%w: issued_at %q is not RFC 3339", ErrStatusList, l.IssuedAt)
	}
	ids := make([]string, len(l.Entries))
	for i, e := range l.Entries {
		ids[i] = e.Current
	}
	return verify.BindList(t, l.KeyID, issued, l.Issuers, ids)
}
