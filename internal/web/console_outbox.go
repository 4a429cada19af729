package web

import (
	"context"
	"net/http"
	"time"

	"ezz/internal/text"
)

// OutboxBackend lists what waits to be pushed to the repository, and pushes
// it: the use cases of `ezz outbox` and `ezz push`.
type OutboxBackend interface {
	// Outbox lists the pending entries, soonest deadline first.
	Outbox(ctx context.Context) (*Outbox, error)
	// Push sends the outbox to the repository and says what came of it;
	// retryRejected sends the entries the repository rejected again.
	Push(ctx context.Context, retryRejected bool) (text.T, error)
}

// Outbox is what the outbox page shows.
type Outbox struct {
	Target   string // where the push button sends, for the clerk to see
	Pending  int    // all pending entries (Items may list fewer)
	Overdue  int
	Rejected int // entries the repository rejected, waiting for a clerk
	Items    []OutboxItem
}

// OutboxItem is one entry waiting in the outbox.
type OutboxItem struct {
	Identifier, Number string
	Kind               string    // issue, new-version, status, …
	Due                time.Time // the legal deadline; zero when none
	Overdue            bool
	WorkingLeft        float64 // working days to the deadline
	Rejected           *Rejection
}

// Rejection is why the repository refused an entry.
type Rejection struct {
	Code, Reason string
	At           time.Time
}

type outboxView struct {
	*Outbox
	Rows    []outboxRow
	Message string
	Error   string
}

type outboxRow struct {
	OutboxItem
	DueText, RejectedAt string
}

func (c *Console) routeOutbox(mux *http.ServeMux) {
	if c.o.Outbox == nil {
		return
	}
	mux.Handle("GET /outbox", c.auth(c.outbox))
	mux.Handle("POST /outbox/push", c.auth(c.push))
}

func (c *Console) outbox(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	c.showOutbox(w, r, p, "", "")
}

func (c *Console) showOutbox(w http.ResponseWriter, r *http.Request, p page, message, problem string) {
	v := outboxView{Message: message, Error: problem}
	ob, err := c.o.Outbox.Outbox(r.Context())
	if err != nil {
		v.Error, ob = p.In(errText(err)), &Outbox{}
	}
	v.Outbox = ob
	for _, it := range ob.Items {
		row := outboxRow{OutboxItem: it, DueText: p.Time(it.Due)}
		if it.Rejected != nil {
			row.RejectedAt = p.Time(it.Rejected.At)
		}
		v.Rows = append(v.Rows, row)
	}
	p.Data = v
	writePage(w, http.StatusOK, "outbox.html", p)
}

// push pushes the outbox. Pressing twice is harmless: the second push waits
// for the first and then finds nothing left, or only what the first left;
// what the repository has already accepted it counts as already there.
func (c *Console) push(w http.ResponseWriter, r *http.Request, p page, _ *session) {
	c.pushing.Lock()
	msg, err := c.o.Outbox.Push(r.Context(), r.PostFormValue("retry-rejected") != "")
	c.pushing.Unlock()
	if err != nil {
		c.showOutbox(w, r, p, p.In(msg), p.In(errText(err)))
		return
	}
	c.showOutbox(w, r, p, p.In(msg), "")
}

// errText is an error's message and hint, in both languages.
func errText(err error) text.T {
	m, h := text.Of(err), text.HintOf(err)
	if h.IsZero() {
		return m
	}
	return text.New(m.Zh+"（"+h.Zh+"）", m.En+" ("+h.En+")")
}
