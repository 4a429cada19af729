package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ezz/internal/agency"
	"ezz/internal/env"
	"ezz/internal/web"
)

const templatesDir = "../../templates"

// agencyOf opens the fixture's workspace through the agency layer, as
// `ezz serve` does, with the clock at f.at (checkAt until a test moves it).
func (f *fixture) agencyOf(t testing.TB) *agency.Agency {
	t.Helper()
	t.Setenv(env.KeyPassphrase.Name, "pilot-passphrase")
	a, err := agency.Open(agency.Options{Home: f.dir, Lang: "zh", Now: f.now})
	must(t, err)
	t.Cleanup(func() { a.Close() })
	_, err = a.Issuer()
	must(t, err)
	return a
}

// console serves the console of the fixture's workspace on 127.0.0.1, with
// the scan page, all through the agency layer, as `ezz serve` does.
func (f *fixture) console(t testing.TB) (*web.Console, *httptest.Server) {
	t.Helper()
	return f.consoleWith(t, agency.ServeOptions{})
}

// consoleWith serves the console with the options (the templates are the
// repository's).
func (f *fixture) consoleWith(t testing.TB, o agency.ServeOptions) (*web.Console, *httptest.Server) {
	t.Helper()
	a := f.agencyOf(t)
	ctx, cancel := context.WithCancel(context.Background())
	o.Templates = templatesDir
	c, err := a.Console(ctx, o)
	must(t, err)
	srv := httptest.NewServer(c)
	t.Cleanup(func() { srv.Close(); cancel(); c.Wait() })
	return c, srv
}

// atomicTime is a clock a test moves while servers read it.
type atomicTime struct{ v atomic.Pointer[time.Time] }

func (a *atomicTime) set(t time.Time) { a.v.Store(&t) }

// now is the fixture's agency clock.
func (f *fixture) now() time.Time {
	if t := f.at.v.Load(); t != nil {
		return *t
	}
	return checkAt
}

// receiver serves the reference repository (ezz repository serve) on
// 127.0.0.1, trusting the fixture's issuer, with its scan page in front;
// it returns the base URL.
func (f *fixture) receiver(t testing.TB) string {
	t.Helper()
	return f.receiverAt(t, filepath.Join(t.TempDir(), "repository.db"))
}

// receiverAt is f.receiver with its store in the file db.
func (f *fixture) receiverAt(t testing.TB, db string) string {
	t.Helper()
	repo, err := agency.OpenRepository(agency.RepositoryOptions{DB: db,
		Trust: []string{filepath.Join(f.ws.KeysDir(), "issuer-chain.pem")}, Rate: -1, Now: f.now})
	must(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- repo.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("repository serve: %v", err)
		}
		repo.Close()
	})
	return "http://" + l.Addr().String()
}

// loggedIn is a client with a console session.
func loggedIn(t testing.TB, c *web.Console, srv *httptest.Server) *http.Client {
	t.Helper()
	cl := client(t)
	if code, _ := fetch(t, cl, http.MethodGet, srv.URL+c.LoginPath(), nil, ""); code != http.StatusSeeOther {
		t.Fatalf("login: %d, want 303", code)
	}
	return cl
}

// fetch makes a request (a form when vals is not nil, from origin when
// given) and returns the status and body.
func fetch(t testing.TB, cl *http.Client, method, u string, vals url.Values, origin string) (int, string) {
	t.Helper()
	var body io.Reader
	if vals != nil {
		body = strings.NewReader(vals.Encode())
	}
	r, err := http.NewRequest(method, u, body)
	must(t, err)
	if vals != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	res, err := cl.Do(r)
	must(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	return res.StatusCode, string(b)
}
