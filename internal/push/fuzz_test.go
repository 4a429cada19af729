package push_test

import (
	"crypto"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"

	"ezz/internal/push"
	"ezz/internal/sign"
)

// FuzzParseProfile feeds profile YAML (seeds: the shipped profiles) to the
// parser and the linter: neither may panic, and a profile that lints clean
// must give a usable transport.
func FuzzParseProfile(f *testing.F) {
	files, _ := filepath.Glob("profiles/*.yaml")
	for _, p := range files {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add([]byte("format: ezz/push-profile/v1\nfields: {ZZBS: [1]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			if p, err := push.ParseProfile(data); err == nil {
				p.Lint()
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("ParseProfile and Lint took over 5 s on %q", data)
		}
	})
}

func fuzzKey(f *testing.F) *sm2.PrivateKey {
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	return k
}

// FuzzDecodeBatch feeds request bodies to the receiver's batch decoder and
// the manifest check (seed: a real signed batch). Nothing may panic, and a
// manifest that opens must have been signed by the key.
func FuzzDecodeBatch(f *testing.F) {
	key := fuzzKey(f)
	it := push.Item{Key: "1.2.156.3005.2.X.Y.Z.001.0/1/3", Kind: push.KindStatus, Identifier: "1.2.156.3005.2.X.Y.Z.001.0",
		Version: 1, Seq: 3, Station: "S", At: "2026-06-01T02:00:00Z", Status: "02"}
	b, err := push.NewBatch([]push.Item{it}, key, "S", nil, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	body, _ := json.Marshal(b)
	f.Add(body)
	f.Add([]byte(`{"manifest":{},"manifest_signature":"","items":[{}]}`))
	lookup := func(id string) (crypto.PublicKey, error) {
		if id != sign.KeyID(key.Public()) {
			return nil, errors.New("unknown")
		}
		return key.Public(), nil
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := push.DecodeBatch(body)
		if err != nil {
			return
		}
		m, err := b.OpenManifest(lookup)
		if err != nil {
			return
		}
		for i := range b.Items {
			m.CheckItem(i, &b.Items[i])
		}
	})
}

// FuzzParseAuth feeds request signature headers to the receiver's parser.
func FuzzParseAuth(f *testing.F) {
	key := fuzzKey(f)
	now := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	req, _ := http.NewRequest("POST", "http://x/v1/items", nil)
	push.SignRequest(req, []byte("{}"), key, now)
	h := req.Header
	f.Add(h.Get(push.HeaderKey), h.Get(push.HeaderTime), h.Get(push.HeaderNonce), h.Get(push.HeaderDigest), h.Get(push.HeaderSignature), "/v1/items")
	f.Fuzz(func(t *testing.T, keyID, at, nonce, digest, sig, path string) {
		r, err := http.NewRequest("POST", "http://x/", nil)
		if err != nil {
			return
		}
		r.URL.Path = path
		for k, v := range map[string]string{push.HeaderKey: keyID, push.HeaderTime: at, push.HeaderNonce: nonce,
			push.HeaderDigest: digest, push.HeaderSignature: sig} {
			r.Header.Set(k, v)
		}
		a, err := push.ParseAuth(r, now)
		if err != nil {
			return
		}
		if a.Verify(key.Public()) == nil && a.CheckBody([]byte("{}")) == nil && path != "/v1/items" {
			t.Fatalf("a signature verified for path %q key %q", path, keyID)
		}
	})
}

// FuzzOpenStatusList feeds status list documents to the verifier's parser
// (seed: a real signed list).
func FuzzOpenStatusList(f *testing.F) {
	key := fuzzKey(f)
	doc, err := push.SignStatusList(push.StatusList{Issuers: []string{"91350100M000100Y43"}, IssuedAt: "2026-06-01T02:00:00Z",
		NextUpdate: "2026-06-02T02:00:00Z", Entries: []push.StatusEntry{{Current: "1.2.156.3005.2.X.Y.Z.001.0", Code: "02", At: "2026-06-01T01:00:00Z"}}}, key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(doc)
	lookup := func(string) (crypto.PublicKey, error) { return key.Public(), nil }
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := push.OpenStatusList(data, lookup)
		if err != nil {
			return
		}
		l.Stale(time.Now())
		l.Lookup("1.2.156.3005.2.11100000MB0143028R012.91350100M000100Y43.HQ00001.001.9")
	})
}
