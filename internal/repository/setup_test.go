package repository

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/push"
	"ezz/internal/push/pushtest"
)

// repo is a receiver on 127.0.0.1 with its store.
type repo struct {
	srv   *Server
	store *Store
	http  *httptest.Server
}

func newRepo(t *testing.T, env *pushtest.Env, cfg Config, wrap func(http.Handler) http.Handler) *repo {
	t.Helper()
	st, err := OpenStore(filepath.Join(t.TempDir(), "repo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if cfg.Trust == nil {
		cfg.Trust = env.Trust(t)
	}
	if cfg.Clock == nil {
		cfg.Clock = func() time.Time { return pushtest.Clock }
	}
	if cfg.Rate == 0 {
		cfg.Rate = -1
	}
	r := &repo{srv: New(st, cfg), store: st}
	var h http.Handler = r.srv
	if wrap != nil {
		h = wrap(h)
	}
	r.http = httptest.NewServer(h) // listens on 127.0.0.1
	t.Cleanup(r.http.Close)
	return r
}

func (r *repo) count(t *testing.T) (items, distinct int) {
	t.Helper()
	if err := r.store.db.QueryRow("SELECT count(*), count(DISTINCT key) FROM items").Scan(&items, &distinct); err != nil {
		t.Fatal(err)
	}
	return items, distinct
}

// client is a push client of env's agency to r, with short retries.
func (r *repo) client(env *pushtest.Env, timeout time.Duration) *push.Client {
	return &push.Client{BaseURL: r.http.URL, HTTP: &http.Client{Timeout: timeout}, Key: env.Key.Key,
		Retry: push.Retry{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond, MaxWait: 200 * time.Millisecond, Attempts: 20},
		Clock: func() time.Time { return pushtest.Clock }}
}

func (r *repo) push(t *testing.T, env *pushtest.Env, c *push.Client, batch int) (*push.Summary, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return push.Run(ctx, env.Ledger, &push.EzzTransport{Client: c, Station: env.WS.Config.Station}, push.Options{
		BatchSize: batch, Actor: "test", Station: env.WS.Config.Station, Clock: func() time.Time { return pushtest.Clock }})
}

// pending counts outbox entries not yet pushed.
func pending(t *testing.T, l *ledger.Ledger) int {
	t.Helper()
	p, err := l.Pending(context.Background(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return len(p)
}

// allPushed checks every outbox entry of env has a receipt and a push event.
func allPushed(t *testing.T, env *pushtest.Env) {
	t.Helper()
	if n := pending(t, env.Ledger); n != 0 {
		t.Fatalf("%d outbox entries not pushed, want 0", n)
	}
	evs, err := env.Ledger.EventsSince(context.Background(), 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	pushes := 0
	for _, e := range evs {
		if e.Kind == ledger.KindPush {
			pushes++
		}
	}
	if pushes != env.Issued {
		t.Fatalf("%d push events, want one per certificate (%d)", pushes, env.Issued)
	}
}
