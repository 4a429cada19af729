package push

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"ezz/internal/record"
	"ezz/internal/sign"
)

// NewBatch signs a manifest of items with key and returns the batch.
func NewBatch(items []Item, key crypto.Signer, station string, treeHead json.RawMessage, now time.Time) (*Batch, error) {
	m := Manifest{Format: ManifestV2, KeyID: sign.KeyID(key.Public()), Station: station,
		CreatedAt: now.UTC().Format(time.RFC3339), TreeHead: treeHead, Items: make([]Entry, len(items))}
	for i := range items {
		m.Items[i] = Entry{Key: items[i].Key, SM3: items[i].Digest()}
	}
	raw, err := record.Marshal(m)
	if err != nil {
		return nil, err
	}
	sig, err := sign.Sign(key, raw)
	if err != nil {
		return nil, fmt.Errorf("sign manifest: %w", err)
	}
	return &Batch{Manifest: raw, Signature: base64.StdEncoding.EncodeToString(sig), Items: items}, nil
}

// ErrManifest is wrapped by every reason OpenManifest refuses a batch.
var ErrManifest = errors.New("bad manifest")

// OpenManifest decodes the batch's manifest and checks its signature with the
// key lookup returns for the manifest's key id, and that it lists the batch's
// items in order. It does not check the items' digests (CheckItem).
func (b *Batch) OpenManifest(lookup func(keyID string) (crypto.PublicKey, error)) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b.Manifest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil || m.Format != ManifestV2 && m.Format != ManifestV1 {
		return nil, fmt.Errorf("%w: not an %s document", ErrManifest, ManifestV2)
	}
	pub, err := lookup(m.KeyID)
	if err != nil {
		return nil, err
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(b.Signature)
	if err != nil || sign.Verify(pub, b.Manifest, sig) != nil {
		return nil, fmt.Errorf("%w: its signature does not verify with key %s", ErrManifest, m.KeyID)
	}
	if len(m.Items) != len(b.Items) {
		return nil, fmt.Errorf("%w: it lists %d items, the batch holds %d", ErrManifest, len(m.Items), len(b.Items))
	}
	return &m, nil
}

// CheckItem reports whether item i of the batch is the one the manifest lists.
func (m *Manifest) CheckItem(i int, it *Item) error {
	e := m.Items[i]
	digest := it.Digest
	if m.Format == ManifestV1 {
		digest = it.digestV1
	}
	if e.Key != it.Key || e.SM3 != digest() {
		return fmt.Errorf("item %d (%s) is not the one the manifest lists (%s)", i+1, it.Key, e.Key)
	}
	return nil
}

// Encode is the batch as the request body. The manifest travels as the bytes
// signed: encoding/json's default escaping of < > & and U+2028/U+2029 would
// rewrite the canonical manifest inside the RawMessage and break its signature.
func (b *Batch) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// DecodeBatch decodes a batch strictly: unknown fields and trailing data are refused.
func DecodeBatch(body []byte) (*Batch, error) {
	var b Batch
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("batch is not valid JSON of the protocol: %w", err)
	}
	if dec.More() {
		return nil, errors.New("batch has data after its JSON object")
	}
	if len(b.Manifest) == 0 {
		return nil, errors.New("batch has no manifest")
	}
	return &b, nil
}
