package agency

import (
	"context"
	"fmt"
	"sort"
	"time"

	"ezz/internal/text"
	"ezz/internal/workday"
)

// maxOutboxListed bounds the entries ezz outbox lists (the counts cover all).
const maxOutboxListed = 10_000

// OutboxEntry is one thing awaiting the repository or an answer: a pending
// push, or an open review request.
type OutboxEntry struct {
	Item        string  `json:"item"` // "push 12" or "review 3"
	Kind        string  `json:"kind"` // issue, new-version, lifecycle, status … or review
	Identifier  string  `json:"identifier"`
	Number      string  `json:"number,omitempty"`
	Deadline    string  `json:"deadline,omitempty"` // RFC 3339, UTC; absent when none was computed
	Overdue     bool    `json:"overdue"`
	LeftSeconds int64   `json:"left_seconds"`      // wall-clock time to the deadline (negative: overdue)
	WorkingLeft float64 `json:"working_days_left"` // the part of it on working days, in days
	// Rejection is set while the repository's rejection of a push waits for a
	// clerk (ezz push --retry-rejected sends it again).
	Rejection *OutboxRejection `json:"rejection,omitempty"`
	deadline  time.Time
}

// OutboxRejection is why the repository rejected a push, and when.
type OutboxRejection struct {
	Code   string `json:"code"`   // the repository's reason code (docs/push-protocol.md)
	Reason string `json:"reason"` // its text, as the repository gave it
	At     string `json:"at"`     // when the rejection was recorded, RFC 3339 UTC
	Target string `json:"target"` // the repository (URL, profile or bundle) that rejected it
}

// OutboxReport is what ezz outbox prints, overdue entries first.
type OutboxReport struct {
	At          string        `json:"at"`
	Pending     int           `json:"pending"`
	Overdue     int           `json:"overdue"`
	Rejected    int           `json:"rejected"` // pushes rejected by the repository, waiting for a clerk
	Listed      int           `json:"listed"`
	Entries     []OutboxEntry `json:"entries"`
	Provisional []text.T      `json:"provisional,omitempty"`
}

// Outbox lists what awaits pushing and the open review requests, soonest
// deadline first (overdue first), with the working time left.
func (a *Agency) Outbox(ctx context.Context, at time.Time) (*OutboxReport, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	cal, err := a.Calendar()
	if err != nil {
		return nil, err
	}
	pushes, err := a.Ledger.Outbox(ctx, maxOutboxListed)
	if err != nil {
		return nil, err
	}
	reviews, err := a.Ledger.Reviews(ctx, false)
	if err != nil {
		return nil, err
	}
	sum, err := a.Ledger.Summarize(ctx, at, at)
	if err != nil {
		return nil, err
	}
	rejections, err := a.rejections(ctx)
	if err != nil {
		return nil, err
	}
	r := &OutboxReport{At: at.UTC().Format(time.RFC3339), Pending: sum.Pending + sum.OpenReviews, Overdue: sum.Overdue + sum.LateReviews,
		Rejected: len(rejections)}
	prov := map[int]bool{}
	for _, p := range pushes {
		e := entry(cal, at, fmt.Sprintf("push %d", p.ID), p.Kind, p.Identifier, p.Number, p.Deadline, prov)
		e.Rejection = rejections[p.ID]
		r.Entries = append(r.Entries, e)
	}
	for _, v := range reviews {
		r.Entries = append(r.Entries, entry(cal, at, fmt.Sprintf("review %d", v.ID), "review", v.Identifier, "", v.Deadline, prov))
	}
	sort.SliceStable(r.Entries, func(i, j int) bool { return before(r.Entries[i], r.Entries[j]) })
	r.Listed = len(r.Entries)
	r.Provisional = Provisional(sortedYears(prov))
	return r, nil
}

// rejections are the rejected pushes waiting for a clerk, by outbox id.
func (a *Agency) rejections(ctx context.Context) (map[int64]*OutboxRejection, error) {
	rs, err := a.Ledger.Rejected(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*OutboxRejection, len(rs))
	for _, p := range rs {
		out[p.ID] = &OutboxRejection{Code: p.Code, Reason: p.Reason, At: p.RejectedAt.UTC().Format(time.RFC3339), Target: p.Target}
	}
	return out, nil
}

func entry(cal *workday.Calendar, at time.Time, item, kind, id, number string, dl time.Time, prov map[int]bool) OutboxEntry {
	e := OutboxEntry{Item: item, Kind: kind, Identifier: id, Number: number, deadline: dl}
	if dl.IsZero() {
		return e
	}
	e.Deadline = dl.UTC().Format(time.RFC3339)
	e.Overdue = !at.Before(dl)
	e.LeftSeconds = int64(dl.Sub(at) / time.Second)
	left, years := cal.WorkingTime(at, dl)
	e.WorkingLeft = float64(int(left.Hours()/24*100)) / 100
	for _, y := range years {
		prov[y] = true
	}
	return e
}

// before orders entries by deadline, those without one last.
func before(a, b OutboxEntry) bool {
	switch {
	case a.deadline.IsZero() || b.deadline.IsZero():
		return !a.deadline.IsZero() && b.deadline.IsZero()
	}
	return a.deadline.Before(b.deadline)
}

func sortedYears(m map[int]bool) []int {
	var ys []int
	for y := range m {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// Err is the outcome of a report with overdue or rejected entries: exit 1,
// for cron — both wait for a clerk.
func (r *OutboxReport) Err() error {
	switch {
	case r.Overdue > 0 && r.Rejected > 0:
		return text.Badf("%d 项已逾期，%d 项被省级库拒绝", "%d item(s) overdue, %d rejected by the repository", r.Overdue, r.Rejected).
			WithHint(retryHintZh, retryHintEn)
	case r.Rejected > 0:
		return text.Badf("%d 项被省级库拒绝", "%d item(s) rejected by the repository", r.Rejected).WithHint(retryHintZh, retryHintEn)
	case r.Overdue > 0:
		return text.Badf("%d 项已逾期", "%d item(s) overdue", r.Overdue)
	}
	return nil
}

// The hint for rejected pushes: what a clerk does about them.
const (
	retryHintZh = "按拒绝原因更正（如办理变更或重新签发）后运行 ezz push --retry-rejected 重新推送"
	retryHintEn = "fix what the reason names (e.g. alter or re-issue the certificate), then run ezz push --retry-rejected"
)
