package repository

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"ezz/internal/audit"
	"ezz/internal/push"
	"ezz/internal/push/pushtest"
)

func TestTreeHeadsTravelWithPushes(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 6, false)
	ctx := context.Background()
	env.Ledger.SetHeadSigner(env.Key.Key, func() time.Time { return pushtest.Clock })
	if _, err := env.Ledger.MakeHead(ctx, env.Key.Key, pushtest.Clock); err != nil {
		t.Fatal(err)
	}
	r := newRepo(t, env, Config{}, nil)
	c := r.client(env, 10*time.Second)
	hs := &push.HeadSender{Log: env.Ledger, Client: c}
	tr := &push.EzzTransport{Client: c, Station: "TA", TreeHead: hs.Next}
	if _, err := push.Run(ctx, env.Ledger, tr, push.Options{BatchSize: 2, Actor: "t", Station: "TA", Clock: func() time.Time { return pushtest.Clock }}); err != nil {
		t.Fatal(err)
	}
	allPushed(t, env)
	kept, err := r.store.treeHead(ctx, env.Key.KeyID)
	if err != nil || kept == nil {
		t.Fatalf("no tree head kept: %v", err)
	}
	// The last batch's receipts made a newer head; a second run sends it with a proof.
	latest, _ := env.Ledger.LatestHead(ctx)
	if latest.Size <= kept.Size {
		t.Fatalf("latest head %d, kept %d: the receipts made no head", latest.Size, kept.Size)
	}
	next, err := (&push.HeadSender{Log: env.Ledger, Client: c}).Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if status, data := send(t, r.http.URL, manifestOnly(t, env, next), nil, env.Key.Key, pushtest.Clock); status != 200 {
		t.Fatalf("a consistent head: HTTP %d %s", status, data)
	}
	// A head of a rewritten log (another root, signed by the same key) is refused.
	forged, err := audit.SignHead(latest.Size+3, audit.Hash{1, 2, 3}, pushtest.Clock, env.Key.Key)
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := json.Marshal(push.TreeHead{Head: forged, FromSize: latest.Size, Proof: []audit.Hash{{9}}})
	status, data := send(t, r.http.URL, manifestOnly(t, env, bad), nil, env.Key.Key, pushtest.Clock)
	var ref push.Refusal
	json.Unmarshal(data, &ref)
	if status != 409 || ref.Code != push.CodeTreeHead {
		t.Fatalf("an inconsistent head: HTTP %d %s, want 409 %s", status, data, push.CodeTreeHead)
	}
}

// manifestOnly is the body of an empty batch whose manifest carries head.
func manifestOnly(t *testing.T, env *pushtest.Env, head json.RawMessage) []byte {
	t.Helper()
	b, err := push.NewBatch([]push.Item{}, env.Key.Key, "TA", head, pushtest.Clock)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(b)
	return body
}
