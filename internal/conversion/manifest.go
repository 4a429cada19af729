package conversion

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/record"
	"ezz/internal/sign"

	"ezz/internal/text"
)

// ManifestFormat names the version of the batch manifest ezz writes
// (docs/conversion.md): version 2, whose entries bind each record by its
// digest (RecordDigest).
const ManifestFormat = ManifestV2

// The versions of the batch manifest. A version-1 entry binds its record by
// the SM3 of the whole signed envelope (RecordSM3); ezz wrote them until
// round 8 and no longer does, but they stay valid for whoever reads them.
const (
	ManifestV1 = "ezz/batch-manifest/v1"
	ManifestV2 = "ezz/batch-manifest/v2"
)

// Manifest lists every certificate a batch issued, with the SM3 of its file.
// Its canonical encoding (keys sorted, compact, as docs/record.md describes)
// is what is signed; the fields below are in that order.
type Manifest struct {
	Batch        string          `json:"batch"`
	Certificates []ManifestEntry `json:"certificates"`
	ConcludedAt  string          `json:"concluded_at"`
	Format       string          `json:"format"`
	Register     string          `json:"register"`
	RegisterSM3  string          `json:"register_sm3"`
	Station      string          `json:"station"`
	TemplateHash string          `json:"template_hash"`
}

// ManifestEntry is one certificate of a batch. File is relative to the
// manifest; with --no-pdf there is no file and the record's digest binds the
// entry. A version-2 entry has RecordDigest, the SM3 of the record's
// canonical encoding (record.Seal's digest, which the QR code binds too); a
// version-1 entry has RecordSM3, the SM3 of the signed envelope.
type ManifestEntry struct {
	File         string `json:"file,omitempty"`
	Identifier   string `json:"identifier"`
	RecordDigest string `json:"record_digest,omitempty"`
	RecordSM3    string `json:"record_sm3,omitempty"`
	SM3          string `json:"sm3,omitempty"`
}

// SignedManifest is the manifest file, one line of compact JSON:
// {"alg":…,"key_id":…,"manifest":<the canonical manifest>,"signature":…}
// The signature (base64) is over the canonical manifest bytes exactly as they
// appear in the file, so a third party can cut them out and check them.
type SignedManifest struct {
	Alg       string          `json:"alg"`
	KeyID     string          `json:"key_id"`
	Manifest  json.RawMessage `json:"manifest"`
	Signature string          `json:"signature"`
}

// OpenManifest reads a manifest file, of either version, and checks its
// signature with the key lookup gives for its key_id; it returns the manifest
// as signed. Its entries are then checked against the records they name with
// ManifestEntry.Binds.
func OpenManifest(data []byte, lookup func(keyID string) (crypto.PublicKey, error)) (*Manifest, error) {
	var sm SignedManifest
	if err := json.Unmarshal(data, &sm); err != nil || len(sm.Manifest) == 0 {
		return nil, text.Errorf("不是签名的批次清单", "not a signed batch manifest")
	}
	pub, err := lookup(sm.KeyID)
	if err != nil {
		return nil, text.Wrap(err, "清单的签名密钥 %s", "the manifest's signing key %s", sm.KeyID)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(sm.Signature)
	if alg, aerr := sign.AlgorithmOf(pub); err != nil || aerr != nil || alg != sm.Alg {
		return nil, text.Errorf("清单的签名无法读取，或其算法 %s 不是密钥 %s 的", "the manifest's signature cannot be read, or its algorithm %s is not key %s's", sm.Alg, sm.KeyID)
	}
	if err := sign.Verify(pub, sm.Manifest, sig); err != nil {
		return nil, text.Wrap(err, "清单的签名无效（密钥 %s）", "the manifest is not validly signed (key %s)", sm.KeyID)
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(sm.Manifest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, text.Wrap(err, "清单无法读取", "the manifest cannot be read")
	}
	if m.Format != ManifestV1 && m.Format != ManifestV2 {
		return nil, text.Errorf("清单的格式 %q 不是 %s 或 %s", "the manifest's format %q is neither %s nor %s", m.Format, ManifestV1, ManifestV2)
	}
	return &m, nil
}

// Binds reports whether e, an entry of a manifest of version format, names
// envelope: the signed record of its identifier as the ledger holds it (an
// archive's records/<identifier>.json). A version-1 entry binds it by the
// SM3 of the whole envelope, a version-2 entry by the record's digest, the
// SM3 of the canonical bytes signed inside it.
func (e ManifestEntry) Binds(format string, envelope []byte) bool {
	switch format {
	case ManifestV1:
		return e.RecordDigest == "" && e.RecordSM3 != "" && hexSM3(envelope) == e.RecordSM3
	case ManifestV2:
		_, canonical, _, err := record.Split(envelope)
		return err == nil && e.RecordSM3 == "" && e.RecordDigest != "" && hexSM3(canonical) == e.RecordDigest
	}
	return false
}

// manifestPath is the batch's manifest.json.
func (c *conv) manifestPath() string { return filepath.Join(c.outDir, "manifest.json") }

// stageManifest writes manifest.json.tmp for every certificate the batch has
// issued so far, this run's and earlier runs', concluded at now, streaming it
// from the ledger so memory stays flat however large the batch.
func (c *conv) stageManifest(ctx context.Context, now time.Time) error {
	key := c.o.Maker.Key()
	d, err := sign.NewDigest(key.Key)
	if err != nil {
		return err
	}
	f, err := os.Create(c.manifestPath() + ".tmp")
	if err != nil {
		return manifestErr(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 64<<10)
	fmt.Fprintf(w, `{"alg":%s,"key_id":%s,"manifest":`, jsonString(key.Alg), jsonString(key.KeyID))
	if err := c.streamManifest(ctx, io.MultiWriter(w, d), now); err != nil {
		return err
	}
	sig, err := d.SignDigest()
	if err != nil {
		return stepErr(text.New("签名清单失败", "sign manifest"), err)
	}
	fmt.Fprintf(w, `,"signature":%s}`+"\n", jsonString(base64.StdEncoding.EncodeToString(sig)))
	if err := w.Flush(); err != nil {
		return manifestErr(err)
	}
	return f.Close()
}

// placeManifest renames the staged manifest into place and returns its path.
func (c *conv) placeManifest() (string, error) {
	path := c.manifestPath()
	return path, os.Rename(path+".tmp", path)
}

// streamManifest writes the canonical manifest: compact, keys in sorted order,
// NFC strings without HTML escaping — written directly in that form. The
// entries are this run's entry log when it holds them all (entries.go), else
// the ledger's.
func (c *conv) streamManifest(ctx context.Context, w io.Writer, now time.Time) error {
	fmt.Fprintf(w, `{"batch":%s,"certificates":[`, jsonString(c.batch.ID))
	logged, err := c.entries.copyTo(ctx, c.o.Ledger, w, int(c.issued.Load()+c.already.Load()))
	if err == nil && !logged {
		err = c.ledgerEntries(ctx, w)
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, `],"concluded_at":%s,"format":%s,"register":%s,"register_sm3":%s,"station":%s,"template_hash":%s}`,
		jsonString(now.UTC().Format(time.RFC3339)), jsonString(ManifestFormat), jsonString(filepath.Base(c.o.Register)),
		jsonString(c.regSM3), jsonString(c.o.Maker.Station()), jsonString(c.o.Hash))
	return err
}

// ledgerEntries writes the entries of every certificate the batch issued,
// comma-separated, as the ledger has them.
func (c *conv) ledgerEntries(ctx context.Context, w io.Writer) error {
	first := true
	return c.o.Ledger.EachBatchVersion(ctx, c.batch.ID, func(v ledger.Version) error {
		if !first {
			io.WriteString(w, ",")
		}
		first = false
		signed, err := record.Signed(v.Record)
		if err != nil {
			return fmt.Errorf("the ledger's record of %s: %w", v.Identifier, err)
		}
		return writeEntry(w, c.entryOf(v.Identifier, v.PDFPath, v.PDFSM3, hexSM3(signed)))
	})
}

// writeEntry writes e, a version-2 entry, in canonical form.
func writeEntry(w io.Writer, e ManifestEntry) error {
	if e.File != "" {
		fmt.Fprintf(w, `{"file":%s,`, jsonString(e.File))
	} else {
		io.WriteString(w, "{")
	}
	fmt.Fprintf(w, `"identifier":%s,"record_digest":%s`, jsonString(e.Identifier), jsonString(e.RecordDigest))
	if e.SM3 != "" {
		fmt.Fprintf(w, `,"sm3":%s`, jsonString(e.SM3))
	}
	_, err := io.WriteString(w, "}")
	return err
}

// jsonString encodes s as a canonical JSON string (record.QuoteString).
func jsonString(s string) string { return record.QuoteString(s) }

// entryOf is the manifest entry of a version with its PDF at pdfPath ("" for
// none) and its record's digest in hex.
func (c *conv) entryOf(identifier, pdfPath, pdfSM3, digest string) ManifestEntry {
	e := ManifestEntry{Identifier: identifier, SM3: pdfSM3, RecordDigest: digest}
	if pdfPath != "" {
		abs := pdfPath // a relative path an older ezz recorded is from the folder ezz was started in
		if a, err := filepath.Abs(pdfPath); err == nil {
			abs = a
		}
		if rel, err := filepath.Rel(c.outDir, abs); err == nil {
			e.File = filepath.ToSlash(rel)
		} else {
			e.File = pdfPath
		}
	}
	return e
}
