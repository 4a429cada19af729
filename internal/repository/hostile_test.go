package repository

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/push"
	"ezz/internal/push/pushtest"
	"ezz/internal/sign"
)

// send posts body to r's items path, signed over signed with key at at (no
// signature when key is nil), and returns the status and decoded answer.
func send(t *testing.T, url string, body, signed []byte, key crypto.Signer, at time.Time) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", url+push.PathItems, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if signed == nil {
		signed = body
	}
	if key != nil {
		if err := push.SignRequest(req, signed, key, at); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

func batchBody(t *testing.T, items []push.Item, key crypto.Signer) []byte {
	t.Helper()
	b, err := push.NewBatch(items, key, "TA", nil, pushtest.Clock)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(b)
	return body
}

func TestHostileRequestsAreRefused(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 2, true)
	stranger := pushtest.New(t, filepath.Join(t.TempDir(), "s"), "TB", 0, false)
	key := env.Key.Key
	items := itemsOf(t, env)
	good := batchBody(t, items, key)
	other := batchBody(t, items[:1], key)
	now := pushtest.Clock

	r := newRepo(t, env, Config{MaxBody: int64(len(good) + 1024)}, nil)
	revokedRepo := newRepo(t, env, Config{Revoked: map[string]bool{sign.KeyID(key.Public()): true}}, nil)
	tests := []struct {
		name       string
		url        string
		body, sig  []byte
		key        crypto.Signer
		at         time.Time
		wantStatus int
		wantCode   string
	}{
		{"unsigned", r.http.URL, good, good, nil, now, 401, push.CodeUnsigned},
		{"unknown key", r.http.URL, good, good, stranger.Key.Key, now, 401, push.CodeUnknownKey},
		{"revoked key", revokedRepo.http.URL, good, good, key, now, 403, push.CodeRevokedKey},
		{"stale time", r.http.URL, good, good, key, now.Add(-time.Hour), 401, push.CodeStaleTime},
		{"over the body limit", r.http.URL, append(good, bytes.Repeat([]byte(" "), 4096)...), good, key, now, 413, push.CodeTooLarge},
		{"malformed JSON", r.http.URL, []byte(`{"manifest": [1,`), []byte(`{"manifest": [1,`), key, now, 400, push.CodeMalformed},
		{"unknown field", r.http.URL, []byte(`{"manifest":{},"extra":1}`), []byte(`{"manifest":{},"extra":1}`), key, now, 400, push.CodeMalformed},
		{"valid signature over another body", r.http.URL, good, other, key, now, 400, push.CodeBodyDigest},
		{"manifest signed by another key", r.http.URL, batchBody(t, items, stranger.Key.Key), batchBody(t, items, stranger.Key.Key), key, now, 400, push.CodeBadSignature},
	}
	// The body of the manifest case is signed with a fresh batch each call, so
	// sign its request over the very bytes sent.
	tests[len(tests)-1].sig = tests[len(tests)-1].body
	tests[len(tests)-1].wantCode = push.CodeBadManifest
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, data := send(t, tt.url, tt.body, tt.sig, tt.key, tt.at)
			var ref push.Refusal
			json.Unmarshal(data, &ref)
			if status != tt.wantStatus || ref.Code != tt.wantCode || ref.Reason == "" {
				t.Fatalf("got HTTP %d %s (%s), want %d %s with a reason", status, ref.Code, ref.Reason, tt.wantStatus, tt.wantCode)
			}
		})
	}
	if n, _ := r.count(t); n != 0 {
		t.Fatalf("the repository stored %d items from refused requests", n)
	}
}

func TestReplayedRequestIsRefused(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 1, false)
	r := newRepo(t, env, Config{}, nil)
	body := batchBody(t, itemsOf(t, env), env.Key.Key)
	req, _ := http.NewRequest("POST", r.http.URL+push.PathItems, bytes.NewReader(body))
	if err := push.SignRequest(req, body, env.Key.Key, pushtest.Clock); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{200, 409} {
		again, _ := http.NewRequest("POST", r.http.URL+push.PathItems, bytes.NewReader(body))
		again.Header = req.Header.Clone()
		resp, err := http.DefaultClient.Do(again)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("send %d: HTTP %d %s, want %d", i+1, resp.StatusCode, data, want)
		}
		if want == 409 && !bytes.Contains(data, []byte(push.CodeReplayed)) {
			t.Fatalf("replay refused with %s, want %s", data, push.CodeReplayed)
		}
	}
}

func TestHostileItemsAreRejected(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 3, true)
	stranger := pushtest.New(t, filepath.Join(t.TempDir(), "s"), "TA", 1, true)
	r := newRepo(t, env, Config{}, nil)
	items := itemsOf(t, env)
	strange := itemsOf(t, stranger)[0]
	swapped := items[1]
	swapped.PDF, swapped.PDFSM3 = items[2].PDF, items[2].PDFSM3
	badStatus := items[0]
	badStatus.Kind, badStatus.Record, badStatus.PDF, badStatus.PDFSM3, badStatus.Status = push.KindStatus, "", nil, "", "42"
	wrongKey := items[2]
	wrongKey.Key = push.ItemKey(wrongKey.Identifier, wrongKey.Version, wrongKey.Seq+1)
	tests := []struct {
		name string
		item push.Item
		want string
	}{
		{"record by an unknown issuer", strange, push.CodeUnknownKey},
		{"another certificate's PDF", swapped, push.CodeMismatch},
		{"unknown status code", badStatus, push.CodeBadStatusCode},
		{"key that does not name the item", wrongKey, push.CodeMalformed},
	}
	var batch []push.Item
	for _, tt := range tests {
		batch = append(batch, tt.item)
	}
	res, err := (&push.EzzTransport{Client: r.client(env, 10*time.Second), Station: "TA"}).Send(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if res[i].Result != push.Rejected || res[i].Code != tt.want {
			t.Errorf("%s: got %s %s (%s), want rejected %s", tt.name, res[i].Result, res[i].Code, res[i].Reason, tt.want)
		}
	}
	// An item changed after its manifest was signed.
	b, _ := push.NewBatch(items[:1], env.Key.Key, "TA", nil, pushtest.Clock)
	b.Items[0].Station = "XX"
	body, _ := json.Marshal(b)
	status, data := send(t, r.http.URL, body, body, env.Key.Key, pushtest.Clock)
	var a push.Answer
	json.Unmarshal(data, &a)
	if status != 200 || len(a.Results) != 1 || a.Results[0].Code != push.CodeItemDigest {
		t.Fatalf("tampered item: HTTP %d %s, want rejected %s", status, data, push.CodeItemDigest)
	}
	if n, _ := r.count(t); n != 0 {
		t.Fatalf("the repository stored %d hostile items", n)
	}
}
