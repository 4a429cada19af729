package agency

import (
	"context"
	"time"

	"ezz/internal/lifecycle"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// ExpiryWarning is how far ahead ezz status warns of the signing certificate's end.
const ExpiryWarning = 30 * 24 * time.Hour

// StatusReport is what ezz status prints (docs/lifecycle.md).
type StatusReport struct {
	At           string         `json:"at"`
	Certificates []StatusCount  `json:"certificates"`
	Pledged      int            `json:"pledged"`
	OpenBatches  []string       `json:"open_batches"`
	Outbox       OutboxCounts   `json:"outbox"`
	Reviews      ReviewCounts   `json:"reviews"`
	Calendar     CalendarCover  `json:"calendar"`
	Signing      *SigningStatus `json:"signing,omitempty"`
	Warnings     []text.T       `json:"warnings"`
}

// StatusCount is the number of certificates in one status.
type StatusCount struct {
	Code  string `json:"code"`
	Name  text.T `json:"name"`
	Count int    `json:"count"`
}

// OutboxCounts are the pending pushes.
type OutboxCounts struct {
	Pending    int `json:"pending"`
	DueToday   int `json:"due_today"` // due by the end of today, overdue ones not included
	Overdue    int `json:"overdue"`
	NoDeadline int `json:"no_deadline"`
}

// ReviewCounts are the open review requests.
type ReviewCounts struct {
	Open     int    `json:"open"`
	DueToday int    `json:"due_today"`
	Overdue  int    `json:"overdue"`
	Rule     string `json:"rule"`
}

// CalendarCover says which years the calendar knows.
type CalendarCover struct {
	Years       []int `json:"years"`
	ThisYear    bool  `json:"this_year"`
	NextYear    bool  `json:"next_year"`
	CurrentYear int   `json:"current_year"`
}

// SigningStatus is the issuing certificate's validity.
type SigningStatus struct {
	Subject  string `json:"subject"`
	NotAfter string `json:"not_after"`
	DaysLeft int    `json:"days_left"`
}

// Status summarises the workspace as of at.
func (a *Agency) Status(ctx context.Context, at time.Time) (*StatusReport, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	endOfDay := dayEnd(at)
	s, err := a.Ledger.Summarize(ctx, at, endOfDay)
	if err != nil {
		return nil, err
	}
	r := &StatusReport{At: at.UTC().Format(time.RFC3339), Pledged: s.Pledged, OpenBatches: []string{}, Warnings: []text.T{},
		Outbox:  OutboxCounts{Pending: s.Pending, DueToday: s.DueBy - s.Overdue, Overdue: s.Overdue, NoDeadline: s.NoDeadline},
		Reviews: ReviewCounts{Open: s.OpenReviews, DueToday: s.ReviewsDueBy - s.LateReviews, Overdue: s.LateReviews, Rule: a.reviewRule()}}
	for _, code := range lifecycle.Codes {
		r.Certificates = append(r.Certificates, StatusCount{Code: code, Name: lifecycle.Name(code), Count: s.ByStatus[code]})
	}
	for _, b := range s.OpenBatches {
		r.OpenBatches = append(r.OpenBatches, b.ID)
	}
	if err := a.calendarCover(r, at); err != nil {
		return nil, err
	}
	a.signingStatus(r, at)
	r.warn()
	return r, nil
}

func dayEnd(at time.Time) time.Time {
	t := at.In(Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Shanghai).AddDate(0, 0, 1)
}

func (a *Agency) calendarCover(r *StatusReport, at time.Time) error {
	cal, err := a.Calendar()
	if err != nil {
		return err
	}
	y := at.In(Shanghai).Year()
	r.Calendar = CalendarCover{Years: cal.Years(), CurrentYear: y}
	r.Calendar.ThisYear, _ = cal.Known(y)
	r.Calendar.NextYear, _ = cal.Known(y + 1)
	if !r.Calendar.ThisYear {
		r.Warnings = append(r.Warnings, Provisional([]int{y})...)
	}
	if !r.Calendar.NextYear && at.In(Shanghai).Month() >= time.November {
		r.Warnings = append(r.Warnings, text.F("%d 年的节假日安排尚未导入（ezz calendar import）", "the %d calendar is not imported yet (ezz calendar import)", y+1))
	}
	return nil
}

func (a *Agency) signingStatus(r *StatusReport, at time.Time) {
	chain, err := sign.Chain(a.KeysDir())
	if err != nil || len(chain) == 0 {
		r.Warnings = append(r.Warnings, text.New("没有签发证书（ezz keys init 或 ezz keys import）", "no issuing certificate (ezz keys init or ezz keys import)"))
		return
	}
	c := chain[0]
	left := c.NotAfter.Sub(at)
	r.Signing = &SigningStatus{Subject: c.Subject.CommonName, NotAfter: c.NotAfter.UTC().Format(time.RFC3339), DaysLeft: int(left.Hours() / 24)}
	switch {
	case left <= 0:
		r.Warnings = append(r.Warnings, text.F("签发证书已于 %s 过期", "the issuing certificate expired on %s", c.NotAfter.In(Shanghai).Format(time.DateOnly)))
	case left <= ExpiryWarning:
		r.Warnings = append(r.Warnings, text.F("签发证书将于 %s 过期（还有 %d 天）", "the issuing certificate expires on %s (%d days left)", c.NotAfter.In(Shanghai).Format(time.DateOnly), r.Signing.DaysLeft))
	}
}

func (r *StatusReport) warn() {
	if r.Outbox.Overdue > 0 {
		r.Warnings = append(r.Warnings, text.F("%d 项推送已逾期（ezz outbox）", "%d push(es) overdue (ezz outbox)", r.Outbox.Overdue))
	}
	if r.Reviews.Overdue > 0 {
		r.Warnings = append(r.Warnings, text.F("%d 项复核申请已逾期（ezz review list）", "%d review request(s) overdue (ezz review list)", r.Reviews.Overdue))
	}
}
