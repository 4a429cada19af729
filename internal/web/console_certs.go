package web

import (
	"context"
	"net/http"
	"strings"

	"ezz/internal/text"
)

// CertificateFinder finds certificates for the console.
type CertificateFinder interface {
	// Find looks certificates up by number, identifier or holder code.
	Find(ctx context.Context, query string) ([]CertificateItem, error)
}

// LifecycleBackend is a CertificateFinder that also runs lifecycle actions
// (the use case of `ezz revoke`, `ezz extend` …); the console offers them
// when its finder is one.
type LifecycleBackend interface {
	CertificateFinder
	// Actions are the lifecycle actions the console offers.
	Actions() []ActionChoice
	// Preview says what the action would do, or why it is refused, without
	// changing anything: the confirmation step.
	Preview(ctx context.Context, q ActRequest) (Preview, error)
	// Act runs the action and says what it did.
	Act(ctx context.Context, q ActRequest) (text.T, error)
}

// CertificateItem is one certificate found.
type CertificateItem struct {
	Identifier, Number, Holder, HolderCode, Licence string
	Status                                          string // two-digit code
	StatusName                                      text.T
}

// ActionChoice is one lifecycle action on offer.
type ActionChoice struct {
	Name  string // as ActRequest takes it: revoke, cancel, …
	Label text.T
	Until bool // the action takes a new validity end (extend)
}

// ActRequest is one lifecycle action a clerk asked for.
type ActRequest struct {
	Identifier, Action, Reason string
	Until                      string // extend: the new validity end, YYYY-MM-DD
}

// Preview is what an action would do.
type Preview struct {
	Certificate CertificateItem
	Label       text.T // the action's name
	From, To    text.T // the states before and after
}

// maxReason bounds a reason, in characters.
const maxReason = 500

type findView struct {
	Query   string
	Found   []CertificateItem
	Actions []ActionChoice
	Message string
	Error   string
}

type confirmView struct {
	ActRequest
	Preview
	Query, Once string
}

func (c *Console) routeLifecycle(mux *http.ServeMux) {
	if c.o.Certificates == nil {
		return
	}
	mux.Handle("GET /certificates", c.auth(c.find))
	if _, ok := c.o.Certificates.(LifecycleBackend); ok {
		mux.Handle("POST /certificates/confirm", c.auth(c.confirm))
		mux.Handle("POST /certificates/act", c.auth(c.act))
	}
}

func (c *Console) find(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	c.showFind(w, r.Context(), p, r.URL.Query().Get("q"), "", "")
}

func (c *Console) showFind(w http.ResponseWriter, ctx context.Context, p page, q, message, problem string) {
	q = clip(strings.TrimSpace(q), 200)
	v := findView{Query: q, Message: message, Error: problem}
	if l, ok := c.o.Certificates.(LifecycleBackend); ok {
		v.Actions = l.Actions()
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

// actRequest reads the action a form asks for; "" says what is missing.
func actRequest(r *http.Request) (ActRequest, string) {
	q := ActRequest{Identifier: clip(r.PostFormValue("identifier"), 200), Action: clip(r.PostFormValue("action"), 40),
		Reason: strings.TrimSpace(r.PostFormValue("reason")), Until: clip(strings.TrimSpace(r.PostFormValue("until")), 20)}
	switch {
	case q.Identifier == "" || q.Action == "":
		return q, "console.need-action"
	case q.Reason == "":
		return q, "console.need-reason"
	case len([]rune(q.Reason)) > maxReason:
		return q, "console.long-reason"
	}
	return q, ""
}

// confirm shows what the action would do, with a one-time token that lets
// the action run once.
func (c *Console) confirm(w http.ResponseWriter, r *http.Request, p page, ss *session) {
	q, missing := actRequest(r)
	query := r.PostFormValue("q")
	if missing != "" {
		c.showFind(w, r.Context(), p, query, "", p.T(missing))
		return
	}
	pv, err := c.o.Certificates.(LifecycleBackend).Preview(r.Context(), q)
	if err != nil {
		c.showFind(w, r.Context(), p, query, "", p.In(errText(err)))
		return
	}
	p.Data = confirmView{ActRequest: q, Preview: pv, Query: clip(query, 200), Once: c.sessions.once(ss)}
	writePage(w, http.StatusOK, "confirm.html", p)
}

// act runs a confirmed action, once: a second submission of the same
// confirmation (a double click, the back button) changes nothing.
func (c *Console) act(w http.ResponseWriter, r *http.Request, p page, ss *session) {
	q, missing := actRequest(r)
	query := r.PostFormValue("q")
	if missing != "" {
		c.showFind(w, r.Context(), p, query, "", p.T(missing))
		return
	}
	if !c.sessions.takeOnce(ss, r.PostFormValue("once")) {
		c.showFind(w, r.Context(), p, query, p.T("console.done-before"), "")
		return
	}
	msg, err := c.o.Certificates.(LifecycleBackend).Act(r.Context(), q)
	if err != nil {
		c.showFind(w, r.Context(), p, query, "", p.In(errText(err)))
		return
	}
	c.showFind(w, r.Context(), p, query, p.In(msg), "")
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
