package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"ezz/internal/text"
)

// OutboxBackend lists what waits to be pushed to the repository, and pushes it.
type OutboxBackend interface {
	Outbox(ctx context.Context) ([]OutboxItem, error)
	Push(ctx context.Context) (text.T, error)
}

// OutboxItem is one entry waiting in the outbox.
type OutboxItem struct {
	Identifier string
	Kind       string // issue, new-version, status, …
	Enqueued   time.Time
	Due        time.Time // the legal deadline (end of a working day, China time)
	Attempts   int
	LastError  string
}

// CertificateFinder finds certificates for the console.
type CertificateFinder interface {
	// Find looks certificates up by number, identifier or holder code.
	Find(ctx context.Context, query string) ([]CertificateItem, error)
}

// LifecycleBackend is a CertificateFinder that also runs lifecycle actions;
// the console offers them when its finder is one.
type LifecycleBackend interface {
	CertificateFinder
	// Actions are the lifecycle actions the console offers.
	Actions() []ActionChoice
	// Act runs one action on the certificate and says what it did.
	Act(ctx context.Context, identifier, action, reason string) (text.T, error)
}

// CertificateItem is one certificate found.
type CertificateItem struct {
	Identifier, Number, Holder, HolderCode, Licence string
	Status                                          string // two-digit code
	StatusName                                      text.T
}

// ActionChoice is one lifecycle action on offer.
type ActionChoice struct {
	Name  string // as Act takes it: revoke, cancel, …
	Label text.T
}

type outboxView struct {
	Items   []outboxRow
	Overdue int
	Message string
	Error   string
}

type outboxRow struct {
	Identifier, Kind, Due, Enqueued, LastError string
	Overdue                                    bool
	Attempts                                   int
}

func (c *Console) routeOutbox(mux *http.ServeMux) {
	if c.o.Outbox == nil {
		return
	}
	mux.Handle("GET /outbox", c.auth(c.outbox))
	mux.Handle("POST /outbox/push", c.auth(c.push))
}

func (c *Console) outbox(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	c.showOutbox(w, p, "")
}

func (c *Console) showOutbox(w http.ResponseWriter, p page, message string) {
	v := outboxView{Message: message}
	items, err := c.o.Outbox.Outbox(context.Background())
	if err != nil {
		v.Error = p.In(errText(err))
	}
	now := c.o.Now()
	for _, it := range items {
		row := outboxRow{Identifier: it.Identifier, Kind: it.Kind, Due: p.Time(it.Due), Enqueued: p.Time(it.Enqueued),
			Overdue: !it.Due.IsZero() && now.After(it.Due), Attempts: it.Attempts, LastError: it.LastError}
		if row.Overdue {
			v.Overdue++
		}
		v.Items = append(v.Items, row)
	}
	p.Data = v
	writePage(w, http.StatusOK, "outbox.html", p)
}

func (c *Console) push(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	msg, err := c.o.Outbox.Push(r.Context())
	if err != nil {
		c.showOutbox(w, p, p.In(errText(err)))
		return
	}
	c.showOutbox(w, p, p.In(msg))
}

type findView struct {
	Query   string
	Found   []CertificateItem
	Actions []ActionChoice
	Message string
	Error   string
}

func (c *Console) routeLifecycle(mux *http.ServeMux) {
	if c.o.Certificates == nil {
		return
	}
	mux.Handle("GET /certificates", c.auth(c.find))
	if _, ok := c.o.Certificates.(LifecycleBackend); ok {
		mux.Handle("POST /certificates/act", c.auth(c.act))
	}
}

func (c *Console) find(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	c.showFind(w, r.Context(), p, strings.TrimSpace(r.URL.Query().Get("q")), "")
}

func (c *Console) showFind(w http.ResponseWriter, ctx context.Context, p page, q, message string) {
	v := findView{Query: q, Message: message}
	if l, ok := c.o.Certificates.(LifecycleBackend); ok {
		v.Actions = l.Actions()
	}
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
	}
	if q != "" {
		var err error
		if v.Found, err = c.o.Certificates.Find(ctx, q); err != nil {
			v.Error = p.In(errText(err))
		}
	}
	p.Data = v
	writePage(w, http.StatusOK, "certificates.html", p)
}

func (c *Console) act(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	id, action, reason := r.PostFormValue("identifier"), r.PostFormValue("action"), strings.TrimSpace(r.PostFormValue("reason"))
	q := r.PostFormValue("q")
	if id == "" || action == "" || reason == "" {
		c.showFind(w, r.Context(), p, q, p.In(errText(errors.New(p.T("console.need-reason")))))
		return
	}
	msg, err := c.o.Certificates.(LifecycleBackend).Act(r.Context(), id, action, reason)
	if err != nil {
		msg = errText(err)
	}
	c.showFind(w, r.Context(), p, q, p.In(msg))
}

// errText is an error's message and hint, in both languages.
func errText(err error) text.T {
	m, h := text.Of(err), text.HintOf(err)
	if h.IsZero() {
		return m
	}
	return text.New(m.Zh+"（"+h.Zh+"）", m.En+" ("+h.En+")")
}
