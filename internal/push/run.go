package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"ezz/internal/input"
	"ezz/internal/ledger"
	"ezz/internal/text"
)

// Outbox is the ledger side of a push.
type Outbox interface {
	Pushable(ctx context.Context, limit int) ([]ledger.PushItem, error)
	RecordReceipts(ctx context.Context, rs []ledger.Receipt, s ledger.Stamp) error
	RecordRejections(ctx context.Context, rs []ledger.Rejection, s ledger.Stamp) error
}

// Options tune a push run.
type Options struct {
	BatchSize int      // items per batch (default 50)
	Limiter   *Limiter // the profile's rate limit, in items per second
	Actor     string
	Station   string
	Clock     func() time.Time // nil means time.Now
	Progress  func(done int)   // called after each batch with the items done so far
	Max       int              // stop after this many items (0: the whole outbox)
}

// MaxPDF bounds the PDFs read for pushing.
const MaxPDF = 64 << 20

// Summary is what a push run did.
type Summary struct {
	Target     string           `json:"target"`
	Pushed     int              `json:"pushed"`    // accepted now
	Duplicate  int              `json:"duplicate"` // stored before: the original receipt
	Rejected   int              `json:"rejected"`
	Deadlines  []DeadlineReport `json:"deadlines"`
	Rejections []RejectedItem   `json:"rejections"`
}

// DeadlineReport says, for the items of one deadline, how many reached the repository in time.
type DeadlineReport struct {
	Deadline string `json:"deadline"` // RFC 3339 UTC; "" for items without one
	Items    int    `json:"items"`
	Met      int    `json:"met"`
	Late     int    `json:"late"`
}

// RejectedItem is one item the repository rejected, and why.
type RejectedItem struct {
	Identifier string `json:"identifier"`
	Kind       string `json:"kind"`
	Code       string `json:"code"`
	Reason     string `json:"reason"`
}

// Run empties the outbox through tr, batch by batch, earliest deadline first.
// Each batch's results are written to the ledger before the next is sent, so
// a run killed at any point loses nothing: the next run sends the unmarked
// items again and the repository answers them as duplicates with their
// original receipts.
func Run(ctx context.Context, ob Outbox, tr Transport, o Options) (*Summary, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = 50
	}
	now := o.Clock
	if now == nil {
		now = time.Now
	}
	r := &runner{ob: ob, tr: tr, o: o, now: now, sum: &Summary{Target: tr.Target()}, byDeadline: map[string]*DeadlineReport{}}
	err := r.loop(ctx)
	r.finish()
	return r.sum, err
}

type runner struct {
	ob         Outbox
	tr         Transport
	o          Options
	now        func() time.Time
	sum        *Summary
	byDeadline map[string]*DeadlineReport
	done       int
}

func (r *runner) loop(ctx context.Context) error {
	for r.o.Max == 0 || r.done < r.o.Max {
		limit := r.o.BatchSize
		if r.o.Max > 0 {
			limit = min(limit, r.o.Max-r.done)
		}
		pending, err := r.ob.Pushable(ctx, limit)
		if err != nil || len(pending) == 0 {
			return err
		}
		if err := r.batch(ctx, pending); err != nil {
			return err
		}
		if r.o.Progress != nil {
			r.o.Progress(r.done)
		}
	}
	return nil
}

// batch sends one batch, halving it when the repository finds it too large.
func (r *runner) batch(ctx context.Context, pending []ledger.PushItem) error {
	items := make([]Item, len(pending))
	for i, p := range pending {
		it, err := ItemOf(p)
		if err != nil {
			return err
		}
		items[i] = it
	}
	if err := r.o.Limiter.Wait(ctx, len(items)); err != nil {
		return err
	}
	results, err := r.tr.Send(ctx, items)
	var refused *RefusedError
	if errors.As(err, &refused) && refused.Status == http.StatusRequestEntityTooLarge && len(pending) > 1 {
		half := len(pending) / 2
		if err := r.batch(ctx, pending[:half]); err != nil {
			return err
		}
		return r.batch(ctx, pending[half:])
	}
	if err != nil {
		return err
	}
	if err := checkResults(items, results); err != nil {
		return fmt.Errorf("%s: %w", r.tr.Target(), err)
	}
	return r.record(ctx, pending, results)
}

// record writes a batch's receipts and rejections to the ledger.
func (r *runner) record(ctx context.Context, pending []ledger.PushItem, results []Result) error {
	var receipts []ledger.Receipt
	var rejections []ledger.Rejection
	for i, res := range results {
		p := pending[i]
		if res.Result == Rejected {
			rejections = append(rejections, ledger.Rejection{OutboxID: p.ID, Code: res.Code, Reason: res.Reason, Target: r.tr.Target()})
			r.sum.Rejected++
			r.sum.Rejections = append(r.sum.Rejections, RejectedItem{Identifier: p.Identifier, Kind: p.Kind, Code: res.Code, Reason: res.Reason})
			continue
		}
		at, _ := time.Parse(time.RFC3339, res.ReceivedAt)
		receipts = append(receipts, ledger.Receipt{OutboxID: p.ID, Receipt: res.Receipt, ReceivedAt: at, Result: res.Result, Target: r.tr.Target()})
		if res.Result == Duplicate {
			r.sum.Duplicate++
		} else {
			r.sum.Pushed++
		}
		r.deadline(p.Deadline, at)
	}
	s := ledger.Stamp{Actor: r.o.Actor, Station: r.o.Station, At: r.now()}
	if err := r.ob.RecordReceipts(ctx, receipts, s); err != nil {
		return err
	}
	if err := r.ob.RecordRejections(ctx, rejections, s); err != nil {
		return err
	}
	r.done += len(results)
	return nil
}

func (r *runner) deadline(deadline, received time.Time) {
	key := ""
	if !deadline.IsZero() {
		key = deadline.UTC().Format(time.RFC3339)
	}
	d := r.byDeadline[key]
	if d == nil {
		d = &DeadlineReport{Deadline: key}
		r.byDeadline[key] = d
	}
	d.Items++
	if deadline.IsZero() || !received.After(deadline) {
		d.Met++
	} else {
		d.Late++
	}
}

func (r *runner) finish() {
	r.sum.Deadlines = []DeadlineReport{}
	for _, d := range r.byDeadline {
		r.sum.Deadlines = append(r.sum.Deadlines, *d)
	}
	sort.Slice(r.sum.Deadlines, func(i, j int) bool { return r.sum.Deadlines[i].Deadline < r.sum.Deadlines[j].Deadline })
	if r.sum.Rejections == nil {
		r.sum.Rejections = []RejectedItem{}
	}
}

// ItemOf makes the protocol item of an outbox entry.
func ItemOf(p ledger.PushItem) (Item, error) {
	it := Item{Key: ItemKey(p.Identifier, p.Version, p.Event), Kind: p.Kind, Identifier: p.Identifier, Version: p.Version,
		Seq: p.Event, Station: p.Station, At: p.EventAt.UTC().Format(time.RFC3339)}
	if !p.Deadline.IsZero() {
		it.Deadline = p.Deadline.UTC().Format(time.RFC3339)
	}
	var d struct{ To, Reason, Action, Previous string }
	if p.Kind == KindStatus || p.Kind == ledger.KindLifecycle {
		if err := json.Unmarshal([]byte(p.Detail), &d); err != nil {
			return it, fmt.Errorf("event %d: %w", p.Event, err)
		}
	}
	switch {
	case p.Kind == ledger.KindLifecycle && d.Previous != "":
		it.Kind = KindNewVersion
	case p.Kind == KindStatus || p.Kind == ledger.KindLifecycle:
		it.Kind, it.Status, it.Reason, it.Action = KindStatus, d.To, d.Reason, d.Action
		return it, nil
	}
	it.Record = string(p.Record)
	if p.PDFPath != "" {
		pdf, err := readPDF(p.PDFPath)
		if err != nil {
			return it, err
		}
		if got := BodySM3(pdf); got != p.PDFSM3 {
			return it, fmt.Errorf("%s: its SM3 digest is not the one the ledger recorded for %s (changed since issuance?)", p.PDFPath, p.Identifier)
		}
		it.PDF, it.PDFSM3 = pdf, p.PDFSM3
	}
	return it, nil
}

func readPDF(path string) ([]byte, error) {
	data, err := input.Read(path, MaxPDF)
	if err != nil {
		return nil, text.Wrap(err, "读取要推送的 PDF", "read the PDF to push")
	}
	return data, nil
}
