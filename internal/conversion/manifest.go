package conversion

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/record"
	"ezz/internal/sign"
)

// ManifestFormat names version 1 of the batch manifest.
const ManifestFormat = "ezz/batch-manifest/v1"

// Manifest lists every certificate a batch issued, with the SM3 of its file.
type Manifest struct {
	Format       string          `json:"format"`
	Batch        string          `json:"batch"`
	Register     string          `json:"register"`
	RegisterSM3  string          `json:"register_sm3"`
	TemplateHash string          `json:"template_hash"`
	Station      string          `json:"station"`
	ConcludedAt  string          `json:"concluded_at"`
	Certificates []ManifestEntry `json:"certificates"`
}

// ManifestEntry is one certificate of a batch. File is relative to the
// manifest; with --no-pdf there is no file and RecordSM3 binds the entry.
type ManifestEntry struct {
	Identifier string `json:"identifier"`
	File       string `json:"file,omitempty"`
	SM3        string `json:"sm3,omitempty"`
	RecordSM3  string `json:"record_sm3"`
}

// SignedManifest is the manifest file: the manifest, and an SM2 (or the
// issuing key's) signature over its canonical JSON encoding.
type SignedManifest struct {
	Manifest  json.RawMessage `json:"manifest"`
	Alg       string          `json:"alg"`
	KeyID     string          `json:"key_id"`
	Signature string          `json:"signature"` // base64 (standard, padded)
}

// writeManifest writes manifest.json for every certificate the batch has issued
// so far, this run's and earlier runs'.
func (c *conv) writeManifest(ctx context.Context) (string, error) {
	versions, err := c.o.Ledger.BatchVersions(ctx, c.batch.ID)
	if err != nil {
		return "", err
	}
	m := Manifest{
		Format: ManifestFormat, Batch: c.batch.ID, Register: filepath.Base(c.o.Register),
		RegisterSM3: c.regSM3, TemplateHash: c.o.Hash, Station: c.o.Maker.Station(),
		ConcludedAt: c.o.Now().UTC().Format(time.RFC3339),
	}
	for _, v := range versions {
		m.Certificates = append(m.Certificates, c.manifestEntry(v))
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	canonical, err := record.Canonicalize(raw)
	if err != nil {
		return "", err
	}
	key := c.o.Maker.Key()
	sig, err := sign.Sign(key.Key, canonical)
	if err != nil {
		return "", fmt.Errorf("sign manifest: %w", err)
	}
	out, err := json.MarshalIndent(SignedManifest{Manifest: canonical, Alg: key.Alg, KeyID: key.KeyID, Signature: base64.StdEncoding.EncodeToString(sig)}, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(c.outDir, "manifest.json")
	if err := os.WriteFile(path, append(out, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("write manifest: %w", err)
	}
	return path, nil
}

func (c *conv) manifestEntry(v ledger.Version) ManifestEntry {
	e := ManifestEntry{Identifier: v.Identifier, SM3: v.PDFSM3, RecordSM3: hexSM3(v.Record)}
	if v.PDFPath != "" {
		if rel, err := filepath.Rel(c.outDir, v.PDFPath); err == nil {
			e.File = filepath.ToSlash(rel)
		} else {
			e.File = v.PDFPath
		}
	}
	return e
}
