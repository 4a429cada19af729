package agency

import (
	"context"
	"errors"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/text"
	"ezz/internal/workday"
)

// Review rules (config.yaml review_rule): the answer deadline of a review
// request (复核 / 核查申请).
const (
	ReviewHenan = "henan" // 5 working days (Henan e-licence measures Art. 24)
	ReviewHubei = "hubei" // 3 days (Hubei Decree 401 Art. 16)
)

// reviewRule is the workspace's rule, henan when it names none.
func (a *Agency) reviewRule() string {
	if a.Config.ReviewRule == "" {
		return ReviewHenan
	}
	return a.Config.ReviewRule
}

// reviewDeadline is when a request received at must be answered.
func reviewDeadline(cal *workday.Calendar, rule string, received time.Time) workday.Deadline {
	if rule == ReviewHubei {
		d := received.In(Shanghai)
		return workday.Deadline{At: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, Shanghai).AddDate(0, 0, 4)}
	}
	return cal.After(received, 5)
}

// ReviewView is a review request as reports show it.
type ReviewView struct {
	ID          int64    `json:"id"`
	Identifier  string   `json:"identifier"`
	Reason      string   `json:"reason"`
	ReceivedAt  string   `json:"received_at"`
	Deadline    string   `json:"deadline"`
	Rule        string   `json:"rule"`
	Open        bool     `json:"open"`
	Overdue     bool     `json:"overdue"`
	ClosedAt    string   `json:"closed_at,omitempty"`
	Outcome     string   `json:"outcome,omitempty"`
	Provisional []text.T `json:"provisional,omitempty"`
}

func reviewView(r ledger.Review, at time.Time) ReviewView {
	v := ReviewView{ID: r.ID, Identifier: r.Identifier, Reason: r.Reason, ReceivedAt: r.ReceivedAt.UTC().Format(time.RFC3339),
		Deadline: r.Deadline.UTC().Format(time.RFC3339), Rule: r.Rule, Open: r.Open(), Outcome: r.Outcome}
	if !r.Open() {
		v.ClosedAt = r.ClosedAt.UTC().Format(time.RFC3339)
	}
	v.Overdue = r.Open() && !at.Before(r.Deadline)
	return v
}

// ReviewOpen records a review request about a certificate, received on
// received (YYYY-MM-DD; "" for now), due per the workspace's review_rule.
func (a *Agency) ReviewOpen(ctx context.Context, t Target, template, reason, received string) (*ReviewView, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, text.Errorf("必须用 --reason 说明申请的内容", "a reason is required (--reason)")
	}
	now := a.Now()
	at := now
	if received != "" {
		d, err := time.ParseInLocation(time.DateOnly, received, Shanghai)
		if err != nil || d.After(now) {
			return nil, text.Errorf("--received 须为不晚于今天的 YYYY-MM-DD 日期（现为 %q）", "--received must be a YYYY-MM-DD date not after today (got %q)", received)
		}
		at = d.Add(12 * time.Hour)
	}
	cert, err := a.resolve(ctx, t, template)
	if err != nil {
		return nil, err
	}
	cal, err := a.Calendar()
	if err != nil {
		return nil, err
	}
	dl := reviewDeadline(cal, a.reviewRule(), at)
	r, err := a.Ledger.OpenReview(ctx, ledger.Review{Identifier: cert.Asked.Identifier, Reason: reason, ReceivedAt: at,
		Deadline: dl.At, Rule: a.reviewRule()}, a.Actor, a.Station, now)
	if err != nil {
		return nil, err
	}
	v := reviewView(r, now)
	if dl.Provisional {
		v.Provisional = Provisional([]int{dl.At.In(Shanghai).AddDate(0, 0, -1).Year()})
	}
	return &v, nil
}

// ReviewClose records the answer to review request id.
func (a *Agency) ReviewClose(ctx context.Context, id int64, outcome string) (*ReviewView, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	if outcome == "" {
		return nil, text.Errorf("必须用 --outcome 说明处理结果", "an outcome is required (--outcome)")
	}
	now := a.Now()
	r, err := a.Ledger.CloseReview(ctx, id, outcome, a.Actor, a.Station, now)
	switch {
	case errors.Is(err, ledger.ErrNotFound):
		return nil, text.Badf("没有编号为 %d 的复核申请", "there is no review request %d", id).WithHint("ezz review list 列出复核申请", "ezz review list lists them")
	case errors.Is(err, ledger.ErrReviewClosed):
		return nil, &text.Error{Msg: text.F("复核申请 %d 已经办结", "review request %d is already closed", id), Class: text.Bad, Err: err}
	case err != nil:
		return nil, err
	}
	v := reviewView(r, now)
	return &v, nil
}

// ReviewList lists review requests: the open ones, or all.
func (a *Agency) ReviewList(ctx context.Context, all bool) ([]ReviewView, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	rs, err := a.Ledger.Reviews(ctx, all)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	out := []ReviewView{}
	for _, r := range rs {
		out = append(out, reviewView(r, now))
	}
	return out, nil
}
