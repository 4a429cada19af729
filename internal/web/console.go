package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"ezz/internal/conversion"
)

// Backend is what the clerk's console asks of the agency layer: the same use
// cases, and so the same ledger events, as the CLI.
type Backend interface {
	// Templates lists the face templates a clerk can pick.
	Templates() ([]TemplateChoice, error)
	// Convert converts a register (ezz convert), or checks it with DryRun.
	Convert(ctx context.Context, r ConvertRequest) (*conversion.Summary, error)
}

// TemplateChoice is one face template on offer.
type TemplateChoice struct {
	Path string // the template file, as Convert takes it
	Name string // the licence's name (ZZMC)
}

// ConvertRequest is one conversion, or its dry run.
type ConvertRequest struct {
	Register string
	Template string
	OutDir   string // "" for the workspace's out/
	DryRun   bool
	Progress func(conversion.Progress)
}

// ConsoleOptions configure the console.
type ConsoleOptions struct {
	Backend      Backend
	Outbox       OutboxBackend     // nil: no outbox page
	Certificates CertificateFinder // nil: no certificates page; a LifecycleBackend adds actions
	Scan         *Scan             // the scan page served beside the console, or nil
	Uploads      string            // where uploaded registers are kept
	MaxUpload    int64             // bytes; 0: 64 MiB
	// AnyHost accepts requests for any Host; without it only loopback names
	// are served, so a web page cannot reach the console by DNS rebinding.
	AnyHost bool
	Now     func() time.Time
}

// Console is the clerk's console of `ezz serve`.
type Console struct {
	o        ConsoleOptions
	sessions *sessions
	jobs     jobs
	ctx      context.Context // ends running conversions when the server stops
	handler  http.Handler
	pushing  sync.Mutex // one push at a time: a second press waits for the first
}

// NewConsole returns the console; ctx bounds the conversions it starts.
func NewConsole(ctx context.Context, o ConsoleOptions) *Console {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxUpload <= 0 {
		o.MaxUpload = 64 << 20
	}
	c := &Console{o: o, sessions: newSessions(time.Now), ctx: ctx}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", c.login)
	mux.HandleFunc("GET /static/console.js", serveScript)
	mux.Handle("GET /{$}", c.auth(c.index))
	mux.Handle("POST /upload", c.auth(c.upload))
	mux.Handle("GET /jobs/{id}", c.auth(c.jobPage))
	mux.Handle("GET /jobs/{id}/events", c.auth(c.events))
	mux.Handle("POST /jobs/{id}/start", c.auth(c.start))
	mux.Handle("GET /jobs/{id}/rejects.xlsx", c.auth(c.rejects))
	mux.Handle("GET /jobs/{id}/manifest.json", c.auth(c.manifest))
	mux.Handle("GET /jobs/{id}/certificates.zip", c.auth(c.pdfZip))
	c.routeOutbox(mux)
	c.routeLifecycle(mux)
	var h http.Handler = mux
	if o.Scan != nil {
		o.Scan.o.Staff = c.Staff
		h = o.Scan.Wrap(mux)
	}
	c.handler = secure(h, true)
	if !o.AnyHost {
		c.handler = loopbackHost(c.handler)
	}
	return c
}

// loopbackHost refuses requests whose Host is not a loopback name.
func loopbackHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if !loopback(strings.Trim(host, "[]")) {
			http.Error(w, "ezz serve answers only on a loopback address", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Wait waits for the checks and conversions under way: after the context
// given to NewConsole ends they stop at the next row, resumable.
func (c *Console) Wait() { c.jobs.wg.Wait() }

// LoginPath is the one-time login link's path, to print at start.
func (c *Console) LoginPath() string { return "/login?t=" + c.sessions.login }

// Staff reports whether r comes from a logged-in console user.
func (c *Console) Staff(r *http.Request) bool { return c.sessions.of(r) != nil }

// ServeHTTP serves the console.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.handler.ServeHTTP(w, r) }

// authed is a console handler with the request's session.
type authed func(w http.ResponseWriter, r *http.Request, p page, ss *session)

// auth admits only logged-in users, and on a POST only with the session's
// CSRF token.
func (c *Console) auth(h authed) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := page{Lang: pickLang(r), Path: r.URL.Path}
		p.Title = p.T("console.title")
		ss := c.sessions.of(r)
		if ss == nil {
			p.Data = p.T("console.login-needed")
			writePage(w, http.StatusUnauthorized, "message.html", p)
			return
		}
		p.CSRF = ss.csrf
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, c.o.MaxUpload+1<<20)
			if !validCSRF(r, ss) {
				p.Data = p.T("console.csrf")
				writePage(w, http.StatusForbidden, "message.html", p)
				return
			}
		}
		h(w, r, p, ss)
	})
}

// login redeems the one-time link for a session cookie.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	id, ok := c.sessions.redeem(r.URL.Query().Get("t"))
	if !ok {
		p := page{Lang: pickLang(r)}
		p.Title, p.Data = p.T("console.title"), p.T("console.login-used")
		writePage(w, http.StatusForbidden, "message.html", p)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// fail shows an error in the page's language.
func fail(w http.ResponseWriter, status int, p page, err error) {
	p.Data = p.In(errText(err))
	writePage(w, status, "message.html", p)
}
