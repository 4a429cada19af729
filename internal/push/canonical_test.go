package push

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"encoding/json"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"

	"ezz/internal/record"
	"ezz/internal/sign"
)

// edgeStrings are the strings canonical JSON encoders disagree on.
var edgeStrings = []string{"\u2028", "\u2029", "<&>", "e\u0301", "\x7f", "\t\n\b\f\r\x00\x1f", `"\`, "😀", "中文"}

func testKey(t *testing.T) crypto.Signer {
	t.Helper()
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSignedJSONIsCanonical feeds the edge strings through every document
// push signs or digests and checks its bytes are record.Marshal's.
func TestSignedJSONIsCanonical(t *testing.T) {
	key := testKey(t)
	now := time.Date(2026, 3, 15, 2, 0, 0, 0, time.UTC)
	for _, s := range edgeStrings {
		it := Item{Key: "a/1/2", Kind: KindStatus, Identifier: s, Version: 1, Seq: 2, Station: s,
			At: s, Record: s, PDF: []byte(s), Status: "02", Reason: s, Action: s}
		b, err := NewBatch([]Item{it}, key, s, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		var m Manifest
		if err := json.Unmarshal(b.Manifest, &m); err != nil {
			t.Fatal(err)
		}
		want, _ := record.Marshal(m)
		if !bytes.Equal(b.Manifest, want) {
			t.Errorf("%q: manifest\n%s\nwant the canonical\n%s", s, b.Manifest, want)
		}
		item, _ := record.Marshal(&it)
		if c, _ := record.Canonicalize(item); !bytes.Equal(c, item) || bytes.Contains(item, []byte(`\u2028`)) {
			t.Errorf("%q: item encoding is not canonical: %s", s, item)
		}
		body, err := b.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if b, err = DecodeBatch(body); err != nil {
			t.Fatal(err)
		}
		opened, err := b.OpenManifest(func(string) (crypto.PublicKey, error) { return key.Public(), nil })
		if err != nil {
			t.Fatal(err)
		}
		if err := opened.CheckItem(0, &it); err != nil {
			t.Errorf("%q: %v", s, err)
		}

		at := now.Format(time.RFC3339)
		doc, err := SignStatusList(StatusList{Issuers: []string{s}, IssuedAt: at, NextUpdate: at,
			Entries: []StatusEntry{{Current: s, Code: "02", Reason: s, At: at}}}, key)
		if err != nil {
			t.Fatal(err)
		}
		var sl SignedStatusList
		if err := json.Unmarshal(doc, &sl); err != nil {
			t.Fatal(err)
		}
		if _, err := OpenStatusList(doc, func(string) (crypto.PublicKey, error) { return key.Public(), nil }); err != nil {
			t.Errorf("%q: status list: %v", s, err)
		}
		if c, _ := record.Canonicalize(sl.List); !bytes.Equal(c, sl.List) {
			t.Errorf("%q: status list\n%s\nwant the canonical\n%s", s, sl.List, c)
		}
	}
}

// TestManifestV1StillChecks keeps batches made before v2 (item digests over
// encoding/json) verifiable.
func TestManifestV1StillChecks(t *testing.T) {
	key := testKey(t)
	it := Item{Key: "a/1/1", Kind: KindIssue, Identifier: "a", Version: 1, Seq: 1, Reason: "<\u2028>"}
	m := Manifest{Format: ManifestV1, KeyID: sign.KeyID(key.Public()), Items: []Entry{{Key: it.Key, SM3: it.digestV1()}}}
	if err := m.CheckItem(0, &it); err != nil {
		t.Errorf("v1 manifest: %v", err)
	}
	m.Format = ManifestV2
	if err := m.CheckItem(0, &it); err == nil {
		t.Errorf("a v2 manifest accepted an encoding/json digest")
	}
}
