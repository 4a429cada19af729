package ledger

import (
	"context"
	"fmt"
	"time"
)

// Summary is the state of a ledger at a glance (ezz status).
type Summary struct {
	ByStatus     map[string]int // certificates by status code
	Pledged      int
	OpenBatches  []Batch
	Pending      int // outbox entries not yet pushed
	Overdue      int // … whose deadline has come (a deadline is the instant that ends the last day)
	DueBy        int // … due by the end given (today), overdue ones included
	NoDeadline   int // … without a deadline
	OpenReviews  int
	LateReviews  int // open reviews past their deadline
	ReviewsDueBy int
}

// Summarize counts what ezz status shows, as of now; dueBy is the end of today.
func (l *Ledger) Summarize(ctx context.Context, now, dueBy time.Time) (Summary, error) {
	s := Summary{ByStatus: map[string]int{}}
	rs, err := l.db.QueryContext(ctx, "SELECT status, count(*), sum(pledged) FROM certificates GROUP BY status")
	if err != nil {
		return s, fmt.Errorf("summarise certificates: %w", err)
	}
	for rs.Next() {
		var code string
		var n, p int
		if err := rs.Scan(&code, &n, &p); err != nil {
			rs.Close()
			return s, err
		}
		s.ByStatus[code], s.Pledged = n, s.Pledged+p
	}
	rs.Close()
	n, d := utc(now), utc(dueBy)
	if err := l.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(deadline <= ?), 0), coalesce(sum(deadline <= ?), 0),
		coalesce(sum(deadline IS NULL), 0) FROM outbox WHERE pushed_at IS NULL`, n, d).
		Scan(&s.Pending, &s.Overdue, &s.DueBy, &s.NoDeadline); err != nil {
		return s, fmt.Errorf("summarise outbox: %w", err)
	}
	if err := l.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(deadline <= ?), 0), coalesce(sum(deadline <= ?), 0)
		FROM reviews WHERE closed_at IS NULL`, n, d).Scan(&s.OpenReviews, &s.LateReviews, &s.ReviewsDueBy); err != nil {
		return s, fmt.Errorf("summarise reviews: %w", err)
	}
	s.OpenBatches, err = l.openBatches(ctx)
	return s, err
}

func (l *Ledger) openBatches(ctx context.Context) ([]Batch, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT id FROM batches WHERE concluded_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read open batches: %w", err)
	}
	var ids []string
	for rs.Next() {
		var id string
		if err := rs.Scan(&id); err != nil {
			rs.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rs.Close()
	var out []Batch
	for _, id := range ids {
		b, err := l.Batch(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// OutboxItem is a pending outbox entry with the certificate it concerns.
type OutboxItem struct {
	Push
	Number string // the certificate number
}

// Outbox lists up to limit pending entries, soonest deadline first (entries
// without a deadline last).
func (l *Ledger) Outbox(ctx context.Context, limit int) ([]OutboxItem, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT o.id, o.identifier, o.version, o.kind, o.enqueued_at, coalesce(o.deadline, ''),
		coalesce(c.number, '') FROM outbox o LEFT JOIN versions v ON v.identifier = o.identifier
		LEFT JOIN certificates c ON c.stem = v.stem
		WHERE o.pushed_at IS NULL ORDER BY o.deadline IS NULL, o.deadline, o.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rs.Close()
	var out []OutboxItem
	for rs.Next() {
		var it OutboxItem
		var enq, dl string
		if err := rs.Scan(&it.ID, &it.Identifier, &it.Version, &it.Kind, &enq, &dl, &it.Number); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		it.EnqueuedAt, it.Deadline = parseUTC(enq), parseUTC(dl)
		out = append(out, it)
	}
	return out, rs.Err()
}
