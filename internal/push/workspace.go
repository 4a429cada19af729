package push

import (
	"context"
	"crypto"
	"crypto/tls"
	"fmt"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// Request is one `ezz push`: the workspace's outbox to one repository.
type Request struct {
	WS            *workspace.Workspace
	Ledger        *ledger.Ledger
	Key           *sign.Issuer
	To            string   // the repository's base URL (for the ezz protocol)
	Profile       *Profile // nil: the ezz protocol to To
	BatchSize     int
	Timeout       time.Duration // per attempt (default 30 s)
	Retry         Retry         // zero: DefaultRetry
	Max           int           // stop after this many items (0: all)
	RetryRejected bool          // return rejected entries to the outbox first
	Actor         string
	Now           func() time.Time
	Progress      func(done int)
	TLS           *tls.Config      // nil: the system's roots, no client certificate
	Receiver      crypto.PublicKey // nil: answers are not required to be signed by the receiver
}

// Report is what `ezz push` reports: the run's summary and what is left.
type Report struct {
	Summary
	Retried       int            `json:"retried"`        // rejected entries returned to the outbox first
	Waiting       int            `json:"waiting"`        // entries still not pushed after the run
	Overdue       int            `json:"overdue"`        // of them, past their deadline now
	StillRejected []RejectedItem `json:"still_rejected"` // every rejected entry waiting for a clerk
}

// Bad reports whether the run found something a clerk must act on: a
// rejection or an overdue entry (exit 1).
func (r *Report) Bad() bool { return len(r.StillRejected) > 0 || r.Overdue > 0 }

// PushWorkspace runs a push of the workspace's outbox. The report is
// returned even when the run stopped with an error, and what it says is
// still waiting, overdue or rejected is read from the ledger whatever
// stopped it: a push that could not start says how much waits, not 0.
func PushWorkspace(ctx context.Context, r Request) (*Report, error) {
	if r.Now == nil {
		r.Now = time.Now
	}
	rep := &Report{}
	runErr := r.run(ctx, rep)
	// Read even after Ctrl-C, so that a stopped push still says what waits.
	if err := r.leftOver(context.WithoutCancel(ctx), rep); err != nil && runErr == nil {
		runErr = err
	}
	return rep, runErr
}

// run retries the rejected entries if asked, then pushes the outbox.
func (r *Request) run(ctx context.Context, rep *Report) error {
	if r.RetryRejected {
		stamp := ledger.Stamp{Actor: r.Actor, Station: r.WS.Config.Station, At: r.Now()}
		n, err := r.Ledger.RetryRejected(ctx, stamp)
		if err != nil {
			return err
		}
		rep.Retried = n
	}
	if r.BatchSize == 0 && r.Profile != nil {
		r.BatchSize = r.Profile.BatchSize
	}
	tr, limiter, err := r.transport()
	if err != nil {
		return err
	}
	sum, err := Run(ctx, r.Ledger, tr, Options{BatchSize: r.BatchSize, Limiter: limiter, Actor: r.Actor,
		Station: r.WS.Config.Station, Clock: r.Now, Progress: r.Progress, Max: r.Max})
	rep.Summary = *sum
	return err
}

// transport is the ezz protocol to To, or the profile's interface.
func (r *Request) transport() (Transport, *Limiter, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	retry := r.Retry
	if retry.Attempts == 0 {
		retry = DefaultRetry
	}
	c := &Client{BaseURL: r.To, HTTP: HTTPClient(timeout, r.TLS), Key: r.Key.Key, Retry: retry, Clock: r.Now, Receiver: r.Receiver}
	var limiter *Limiter
	if p := r.Profile; p != nil && p.Protocol != ProtocolEzz {
		return p.Transport(c, r.currentRecord)
	} else if p != nil {
		c.BaseURL, limiter = p.URL, &Limiter{Rate: p.RateLimit}
	}
	if c.BaseURL == "" {
		return nil, nil, fmt.Errorf("no repository: give --to URL or --profile FILE, or set repository_url in the workspace's config.yaml")
	}
	hs := &HeadSender{Log: r.Ledger, Client: c}
	return &EzzTransport{Client: c, Station: r.WS.Config.Station, TreeHead: hs.Next}, limiter, nil
}

// leftOver fills in what is still waiting, overdue or rejected.
func (r *Request) leftOver(ctx context.Context, rep *Report) error {
	now := r.Now()
	s, err := r.Ledger.Summarize(ctx, now, now)
	if err != nil {
		return err
	}
	rep.Waiting, rep.Overdue = s.Pending, s.Overdue
	rejected, err := r.Ledger.Rejected(ctx)
	if err != nil {
		return err
	}
	rep.StillRejected = []RejectedItem{}
	for _, p := range rejected {
		rep.StillRejected = append(rep.StillRejected, RejectedItem{Identifier: p.Identifier, Kind: p.Kind, Code: p.Code, Reason: p.Reason})
	}
	return nil
}

// currentRecord is the record of the certificate's current version.
func (r *Request) currentRecord(ctx context.Context, identifier string) (*record.Record, error) {
	c, err := r.Ledger.ByIdentifier(ctx, identifier)
	if err != nil {
		return nil, err
	}
	cur, err := r.Ledger.ByIdentifier(ctx, c.Identifier)
	if err != nil {
		return nil, err
	}
	return DecodeRecord(cur.Asked.Record)
}
