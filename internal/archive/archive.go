// Package archive writes and checks archives (归档) of what an agency
// issued: the certificate PDFs, the signed records, the batch manifests, the
// audit entries about them with inclusion proofs, the signed tree heads with
// consistency proofs, and an index of every file with its SM3 digest, signed
// by the issuing key. An archive is checked offline, years later, with only
// the issuer certificates (docs/archive.md).
package archive

import (
	"encoding/json"

	"ezz/internal/audit"
)

// Format names the archives this package writes.
const Format = "ezz-archive-v1"

// Names of the fixed files of an archive.
const (
	IndexFile = "index.json"
	SigFile   = "index.json.sig"
	ProofFile = "audit/proofs.json"
	HeadsFile = "audit/heads.json"
)

// Index lists every other file of an archive.
type Index struct {
	Format    string    `json:"format"`
	Created   string    `json:"created"` // UTC RFC 3339
	Selection Selection `json:"selection"`
	Files     []File    `json:"files"`
}

// Selection is what an archive holds: one batch, or what was issued in [From, To).
type Selection struct {
	Batch string `json:"batch,omitempty"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
}

// File is one file of the archive.
type File struct {
	Path string `json:"path"` // slash-separated, relative to the archive
	Size int64  `json:"size"`
	SM3  string `json:"sm3"`  // lowercase hex
	Kind string `json:"kind"` // certificate, record, manifest, proofs, heads
}

// Signature is index.json.sig: the issuing key's signature over index.json's bytes.
type Signature struct {
	KeyID     string         `json:"key_id"`
	Signature audit.HexBytes `json:"signature"`
}

// Heads is audit/heads.json: every signed tree head, and the proof that
// each one's tree is a prefix of the latest one's.
type Heads struct {
	Latest audit.Head     `json:"latest"`
	Heads  []HeadAndProof `json:"heads"`
}

// HeadAndProof is a head with its consistency proof to the latest head.
type HeadAndProof struct {
	Head     audit.Head   `json:"head"`
	ToLatest []audit.Hash `json:"to_latest"`
}

func marshal(v any) []byte {
	b, _ := json.MarshalIndent(v, "", "  ")
	return append(b, '\n')
}
