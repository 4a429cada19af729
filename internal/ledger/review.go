package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Review event kinds.
const (
	KindReviewOpen  = "review-open"
	KindReviewClose = "review-close"
)

// Review is a review request (复核) about a certificate, with its answer deadline.
type Review struct {
	ID         int64
	Identifier string // the version the request is about
	Reason     string
	ReceivedAt time.Time
	Deadline   time.Time
	Rule       string    // the rule the deadline follows: henan or hubei
	ClosedAt   time.Time // zero while open
	Outcome    string
}

// Open reports whether the review awaits its answer.
func (r Review) Open() bool { return r.ClosedAt.IsZero() }

// ErrReviewClosed is a review closed before.
var ErrReviewClosed = errors.New("the review is already closed")

// OpenReview records a review request with its event.
func (l *Ledger) OpenReview(ctx context.Context, r Review, actor, station string, at time.Time) (Review, error) {
	if r.Reason == "" || r.Rule == "" || r.Deadline.IsZero() || r.ReceivedAt.IsZero() {
		return r, errors.New("open review: a reason, a rule, the date received and a deadline are required")
	}
	err := l.tx(ctx, func(t *sql.Tx) error {
		if _, _, _, err := stateOf(ctx, t, r.Identifier); err != nil {
			return err
		}
		ev, err := insertEvent(ctx, t, Event{At: at, Actor: actor, Station: station, Kind: KindReviewOpen, Identifier: r.Identifier,
			Detail: jsonDetail(map[string]any{"reason": r.Reason, "received_at": utc(r.ReceivedAt), "deadline": utc(r.Deadline), "rule": r.Rule})})
		if err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `INSERT INTO reviews (stem, identifier, reason, received_at, deadline, rule, open_event)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, stem(r.Identifier), r.Identifier, r.Reason, utc(r.ReceivedAt), utc(r.Deadline), r.Rule, ev)
		if err != nil {
			return err
		}
		r.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return r, fmt.Errorf("open review of %s: %w", r.Identifier, err)
	}
	return r, nil
}

// CloseReview records the outcome of review id with its event.
func (l *Ledger) CloseReview(ctx context.Context, id int64, outcome, actor, station string, at time.Time) (Review, error) {
	var r Review
	err := l.tx(ctx, func(t *sql.Tx) error {
		var err error
		if r, err = reviewBy(ctx, t, id); err != nil {
			return err
		}
		if !r.Open() {
			return fmt.Errorf("%w (%s: %s)", ErrReviewClosed, r.ClosedAt.Format(time.RFC3339), r.Outcome)
		}
		ev, err := insertEvent(ctx, t, Event{At: at, Actor: actor, Station: station, Kind: KindReviewClose, Identifier: r.Identifier,
			Detail: jsonDetail(map[string]any{"review": id, "outcome": outcome, "deadline": utc(r.Deadline), "late": at.After(r.Deadline)})})
		if err != nil {
			return err
		}
		r.ClosedAt, r.Outcome = at.UTC().Truncate(time.Second), outcome
		_, err = t.ExecContext(ctx, "UPDATE reviews SET closed_at = ?, outcome = ?, close_event = ? WHERE id = ?", utc(at), outcome, ev, id)
		return err
	})
	if err != nil {
		return r, fmt.Errorf("close review %d: %w", id, err)
	}
	return r, nil
}

const reviewColumns = `id, identifier, reason, received_at, deadline, rule, coalesce(closed_at, ''), outcome`

func reviewBy(ctx context.Context, q querier, id int64) (Review, error) {
	rs, err := q.QueryContext(ctx, "SELECT "+reviewColumns+" FROM reviews WHERE id = ?", id)
	if err != nil {
		return Review{}, err
	}
	defer rs.Close()
	if !rs.Next() {
		if err := rs.Err(); err != nil {
			return Review{}, err
		}
		return Review{}, fmt.Errorf("review %d: %w", id, ErrNotFound)
	}
	return scanReview(rs)
}

func scanReview(rs *sql.Rows) (Review, error) {
	var r Review
	var rec, dl, closed string
	err := rs.Scan(&r.ID, &r.Identifier, &r.Reason, &rec, &dl, &r.Rule, &closed, &r.Outcome)
	r.ReceivedAt, r.Deadline, r.ClosedAt = parseUTC(rec), parseUTC(dl), parseUTC(closed)
	return r, err
}

// Reviews lists review requests, the open ones only unless all is set, by deadline.
func (l *Ledger) Reviews(ctx context.Context, all bool) ([]Review, error) {
	where := "WHERE closed_at IS NULL"
	if all {
		where = ""
	}
	rs, err := l.db.QueryContext(ctx, "SELECT "+reviewColumns+" FROM reviews "+where+" ORDER BY deadline, id")
	if err != nil {
		return nil, fmt.Errorf("read reviews: %w", err)
	}
	defer rs.Close()
	var out []Review
	for rs.Next() {
		r, err := scanReview(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}
