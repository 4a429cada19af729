package repository

import (
	"context"
	"testing"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/push"
	"ezz/internal/push/pushtest"
)

func TestPushEverythingOnce(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 12, true)
	r := newRepo(t, env, Config{}, nil)
	sum, err := r.push(t, env, r.client(env, 10*time.Second), 5)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pushed != env.Issued || sum.Rejected != 0 || sum.Duplicate != 0 {
		t.Fatalf("summary %+v, want %d pushed", sum, env.Issued)
	}
	allPushed(t, env)
	if items, distinct := r.count(t); items != env.Issued || distinct != env.Issued {
		t.Fatalf("repository holds %d items (%d distinct), want %d", items, distinct, env.Issued)
	}
	// The receipt in the ledger is the repository's.
	p, _ := env.Ledger.Pushable(context.Background(), 1)
	if len(p) != 0 {
		t.Fatalf("pushable after the push: %d", len(p))
	}
	rc, err := env.Ledger.ReceiptOf(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := r.store.db.QueryRow("SELECT receipt FROM items WHERE receipt = ?", rc.Receipt).Scan(&stored); err != nil {
		t.Fatalf("receipt %s is not the repository's: %v", rc.Receipt, err)
	}
}

func TestDuplicateGetsOriginalReceipt(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 3, true)
	r := newRepo(t, env, Config{}, nil)
	c := r.client(env, 10*time.Second)
	tr := &push.EzzTransport{Client: c, Station: "TA"}
	items := itemsOf(t, env)
	first, err := tr.Send(context.Background(), items)
	if err != nil {
		t.Fatal(err)
	}
	again, err := tr.Send(context.Background(), items)
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		if first[i].Result != push.Accepted || again[i].Result != push.Duplicate {
			t.Fatalf("item %d: got %s then %s, want accepted then duplicate", i, first[i].Result, again[i].Result)
		}
		if first[i].Receipt != again[i].Receipt || first[i].ReceivedAt != again[i].ReceivedAt {
			t.Fatalf("item %d: duplicate receipt %s at %s, want the original %s at %s", i, again[i].Receipt, again[i].ReceivedAt, first[i].Receipt, first[i].ReceivedAt)
		}
	}
}

func TestStatusChangesReachTheRepository(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 2, false)
	r := newRepo(t, env, Config{}, nil)
	ctx := context.Background()
	p, _ := env.Ledger.Pending(ctx, 10)
	id := p[0].Identifier
	if err := env.Ledger.SetStatus(ctx, ledger.StatusChange{Identifier: id, Status: "07", Reason: "违法经营", Actor: "t", Station: "TA", At: pushtest.Clock.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.push(t, env, r.client(env, 10*time.Second), 50); err != nil {
		t.Fatal(err)
	}
	st, err := r.srv.Status(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Found || st.Code != "07" || st.Reason != "违法经营" || st.Current != id {
		t.Fatalf("status %+v, want 07 违法经营 of %s", st, id)
	}
	other, _ := r.srv.Status(ctx, p[1].Identifier)
	if other.Code != "01" || !other.Found {
		t.Fatalf("status of the other %+v, want 01", other)
	}
	online, err := push.OnlineStatus{BaseURL: r.http.URL, Timeout: 5 * time.Second}.Status(ctx, id)
	if err != nil || !online.Found || online.Code != "07" {
		t.Fatalf("online status %+v, %v; want 07", online, err)
	}
}

// itemsOf makes the protocol items of env's whole outbox.
func itemsOf(t *testing.T, env *pushtest.Env) []push.Item {
	t.Helper()
	ps, err := env.Ledger.Pushable(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []push.Item
	for _, p := range ps {
		it, err := push.ItemOf(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, it)
	}
	return out
}
