package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"ezz/internal/web"
)

// client is a browser-like client with a cookie jar that does not follow redirects.
func client(t testing.TB) *http.Client {
	jar, err := cookiejar.New(nil)
	must(t, err)
	return &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func status(t testing.TB, cl *http.Client, req *http.Request) int {
	t.Helper()
	res, err := cl.Do(req)
	must(t, err)
	res.Body.Close()
	return res.StatusCode
}

// TestConsoleAccess checks the one-time login, the session and CSRF: no
// page without a session, the link works once, a form without the session's
// token or from another origin is refused, and the scan page shows staff the
// full record.
func TestConsoleAccess(t *testing.T) {
	f := newFixture(t, false)
	cert := f.issue(t, f.values(t, 0, nil))
	c, srv := f.console(t)
	anon, clerk := client(t), client(t)
	get := func(path string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		return r
	}
	if s := status(t, anon, get("/")); s != http.StatusUnauthorized {
		t.Errorf("console without a session: %d, want 401", s)
	}
	login := c.LoginPath()
	if s := status(t, clerk, get(login)); s != http.StatusSeeOther {
		t.Fatalf("login: %d, want 303", s)
	}
	if s := status(t, anon, get(login)); s != http.StatusForbidden {
		t.Errorf("second use of the login link: %d, want 403", s)
	}
	if s := status(t, clerk, get("/")); s != http.StatusOK {
		t.Errorf("console with the session: %d, want 200", s)
	}
	post := func(csrf, origin string) *http.Request {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if csrf != "" {
			_ = mw.WriteField("csrf", csrf)
		}
		_ = mw.WriteField("template", templatesDir+"/food-business/template.yaml")
		_ = mw.Close()
		r, _ := http.NewRequest(http.MethodPost, srv.URL+"/upload", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		return r
	}
	token := sessionsCSRF(t, c)
	for _, tt := range []struct {
		name, csrf, origin string
	}{
		{"no token", "", ""},
		{"wrong token", flip(token), ""},
		{"other origin", token, "http://evil.example"},
		{"null origin", token, "null"},
	} {
		if s := status(t, clerk, post(tt.csrf, tt.origin)); s != http.StatusForbidden {
			t.Errorf("upload with %s: %d, want 403", tt.name, s)
		}
	}
	if s := status(t, clerk, post(token, srv.URL)); s != http.StatusBadRequest {
		t.Errorf("upload with the token but no file: %d, want 400 (past the CSRF check)", s)
	}
	for _, cl := range []*http.Client{anon, clerk} {
		res, err := cl.Do(get(path(cert.QR)))
		must(t, err)
		var b bytes.Buffer
		_, _ = b.ReadFrom(res.Body)
		res.Body.Close()
		full := strings.Contains(b.String(), `id="full"`) && strings.Contains(b.String(), "武汉市江汉区味之源餐饮管理有限公司")
		if full != (cl == clerk) {
			t.Errorf("scan page full record shown = %v, want %v", full, cl == clerk)
		}
	}
}

// flip changes the first character of s.
func flip(s string) string {
	if s[0] == 'x' {
		return "y" + s[1:]
	}
	return "x" + s[1:]
}

// sessionsCSRF returns the CSRF token of the console's one session.
func sessionsCSRF(t testing.TB, c *web.Console) string {
	t.Helper()
	csrf, ok := web.SessionCSRF(c)
	if !ok {
		t.Fatal("no session")
	}
	return csrf
}

// TestConsoleHost refuses a request for another host name (DNS rebinding)
// on every page and form, logged in or not.
func TestConsoleHost(t *testing.T) {
	f := newFixture(t, false)
	c, srv := f.console(t)
	clerk := loggedIn(t, c, srv)
	paths := []string{"GET /", "GET /outbox", "GET /certificates?q=x", "POST /outbox/push", "POST /certificates/confirm",
		"POST /certificates/act", "POST /upload", "GET /v/EZZ1:x"}
	for _, cl := range []*http.Client{client(t), clerk} {
		for _, p := range paths {
			method, path, _ := strings.Cut(p, " ")
			for host, want := range map[string]int{"evil.example": http.StatusMisdirectedRequest, "evil.example:80": http.StatusMisdirectedRequest,
				"127.0.0.1.nip.io": http.StatusMisdirectedRequest, "[::2]": http.StatusMisdirectedRequest} {
				r, _ := http.NewRequest(method, srv.URL+path, strings.NewReader("csrf=x"))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.Host = host
				if s := status(t, cl, r); s != want {
					t.Errorf("%s with Host %s: %d, want %d", p, host, s, want)
				}
			}
		}
	}
	r, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	r.Host = "localhost"
	if s := status(t, client(t), r); s != http.StatusUnauthorized {
		t.Errorf("Host localhost: %d, want 401 (served, but not logged in)", s)
	}
}

// TestConsoleFind finds a certificate by its holder's code, its identifier
// and a part of its holder's name, through the agency layer, shows its
// status, and writes each search to the access log; a single character, a
// text found only in another field and a record that does not verify find
// nothing.
func TestConsoleFind(t *testing.T) {
	f := newFixture(t, false)
	cert := f.issue(t, f.values(t, 0, nil))
	f.setStatus(t, cert.ID.String(), "07")
	forged := f.issueEnvelope(t, f.values(t, 0, nil), func(env []byte) []byte {
		return bytes.ReplaceAll(env, []byte("味之源"), []byte("冒名店"))
	})
	c, srv := f.console(t)
	cl := loggedIn(t, c, srv)
	if _, body := fetch(t, cl, http.MethodGet, srv.URL+"/certificates?q="+url.QueryEscape("冒名店"), nil, ""); strings.Contains(body, forged) {
		t.Errorf("a search by name shows a record that does not verify:\n%s", body)
	}
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{cert.Record.Meta.CZZTDM, true},
		{cert.ID.String(), true},
		{"味之源餐饮", true},
		{"味", false},
		{"解放大道", false}, // the premises, not the holder
		{"nothing-like-it", false},
	} {
		code, body := fetch(t, cl, http.MethodGet, srv.URL+"/certificates?q="+url.QueryEscape(tt.q), nil, "")
		found := strings.Contains(body, cert.ID.String()) && strings.Contains(body, "吊销")
		if found != tt.want || code != 200 {
			t.Errorf("find %q: %d, found %v, want %v:\n%s", tt.q, code, found, tt.want, body)
		}
	}
	var n int
	evs, err := f.led.AccessLog(context.Background(), time.Time{})
	must(t, err)
	for _, e := range evs {
		if e.Action == "console-find" {
			n++
		}
	}
	if n != 7 {
		t.Errorf("%d searches in the access log, want 7", n)
	}
}
