package push

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/record"
)

// Formats of the protocol's documents.
const (
	// ManifestV2 lists each item's digest over its canonical encoding
	// (record.Marshal); V1, still accepted, over encoding/json's.
	ManifestV2 = "ezz/push-manifest/v2"
	ManifestV1 = "ezz/push-manifest/v1"
	AnswerV1   = "ezz/push-answer/v1"
)

// Paths of the ezz protocol, relative to the repository's base URL.
const (
	PathItems       = "/v1/items"
	PathStatus      = "/v1/status/"       // + identifier
	PathStatusLists = "/v1/status-lists/" // + issuer key id
)

// Item kinds: the outbox kinds of the ledger.
const (
	KindIssue      = "issue"
	KindNewVersion = "new-version"
	KindStatus     = "status"
)

// Results of one item.
const (
	Accepted  = "accepted"
	Duplicate = "duplicate"
	Rejected  = "rejected"
)

// Item is one thing pushed: a certificate version (its signed record and PDF)
// or a status change of a certificate.
type Item struct {
	Key        string `json:"key"`  // idempotency key: identifier/version/seq
	Kind       string `json:"kind"` // issue, new-version or status
	Identifier string `json:"identifier"`
	Version    int    `json:"version"`
	Seq        int64  `json:"seq"`     // the ledger event that caused the push
	Station    string `json:"station"` // the workstation that recorded it
	At         string `json:"at"`      // when it happened, RFC 3339 UTC
	Deadline   string `json:"deadline,omitempty"`
	Record     string `json:"record,omitempty"` // the signed record envelope, exactly as signed
	PDF        []byte `json:"pdf,omitempty"`    // the signed PDF (base64 in JSON)
	PDFSM3     string `json:"pdf_sm3,omitempty"`
	Status     string `json:"status,omitempty"` // two-digit status code (status items)
	Reason     string `json:"reason,omitempty"` // why the status changed
	Action     string `json:"action,omitempty"` // the lifecycle action (revoke, suspend …), when known
}

// ItemKey is the idempotency key of an item.
func ItemKey(identifier string, version int, seq int64) string {
	return fmt.Sprintf("%s/%d/%d", identifier, version, seq)
}

// Digest is the SM3 digest (hex) of the item's canonical encoding, as a
// ManifestV2 lists it.
func (it *Item) Digest() string {
	if sum, ok := it.streamDigest(); ok {
		return sum
	}
	b, err := record.Marshal(it)
	if err != nil { // an Item has only strings, integers and bytes: it always encodes
		panic(err)
	}
	sum := sm3.Sum(b)
	return fmt.Sprintf("%x", sum[:])
}

// digestV1 is the digest a ManifestV1 lists: over encoding/json's encoding.
func (it *Item) digestV1() string {
	b, _ := json.Marshal(it) // an Item always encodes
	sum := sm3.Sum(b)
	return fmt.Sprintf("%x", sum[:])
}

// Manifest lists a batch's items by key and digest. It is signed with the
// agency key, so each item can be checked against it on its own.
type Manifest struct {
	Format    string          `json:"format"`
	KeyID     string          `json:"key_id"` // the agency key that signs it
	Station   string          `json:"station"`
	CreatedAt string          `json:"created_at"`
	Items     []Entry         `json:"items"`
	TreeHead  json.RawMessage `json:"tree_head,omitempty"` // the agency's latest signed audit tree head, when it keeps one
}

// Entry names one item of a manifest.
type Entry struct {
	Key string `json:"key"`
	SM3 string `json:"sm3"`
}

// Batch is the body of a push: the manifest exactly as signed, its
// signature, and the items in manifest order.
type Batch struct {
	Manifest  json.RawMessage `json:"manifest"`
	Signature string          `json:"manifest_signature"` // base64 of the agency key's signature over Manifest
	Items     []Item          `json:"items"`
}

// Answer is the repository's answer to a batch: one result per item, in order.
type Answer struct {
	Format  string   `json:"format"`
	Results []Result `json:"results"`
}

// Result is the outcome of one item.
type Result struct {
	Key        string `json:"key"`
	Result     string `json:"result"`                // accepted, duplicate or rejected
	Receipt    string `json:"receipt,omitempty"`     // the repository's receipt id (accepted, duplicate)
	ReceivedAt string `json:"received_at,omitempty"` // when it was first stored, RFC 3339 UTC
	Code       string `json:"code,omitempty"`        // why it was rejected (reason codes in docs/push-protocol.md)
	Reason     string `json:"reason,omitempty"`
}

// Refusal is the body of an answer that refuses a whole request.
type Refusal struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Reason codes of refused requests and rejected items.
const (
	CodeUnsigned       = "unsigned"
	CodeBadSignature   = "bad-signature"
	CodeUnknownKey     = "unknown-key"
	CodeRevokedKey     = "revoked-key"
	CodeStaleTime      = "stale-time"
	CodeReplayed       = "replayed"
	CodeBodyDigest     = "body-digest"
	CodeTooLarge       = "too-large"
	CodeMalformed      = "malformed"
	CodeRateLimited    = "rate-limited"
	CodeBadManifest    = "bad-manifest"
	CodeItemDigest     = "item-digest"
	CodeBadRecord      = "bad-record"
	CodeBadPDF         = "bad-pdf"
	CodeMismatch       = "mismatch"
	CodeConflict       = "conflict"
	CodeTreeHead       = "tree-head"
	CodeUnknownCert    = "unknown-certificate"
	CodeInternal       = "internal"
	CodeBadStatusCode  = "bad-status"
	CodeNotTrustedHere = "untrusted-issuer"
)

// StemOf is the part of an identifier that all versions of a certificate
// share: everything but the version and check character.
func StemOf(identifier string) string {
	parts := strings.Split(identifier, ".")
	if len(parts) < 4 {
		return ""
	}
	return strings.Join(parts[:len(parts)-2], ".")
}
