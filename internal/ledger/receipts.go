package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// migrationPush keeps the repository's receipts and rejections of outbox entries.
const migrationPush = `
CREATE TABLE push_receipts (
	outbox_id   INTEGER PRIMARY KEY REFERENCES outbox(id),
	receipt     TEXT NOT NULL,
	received_at TEXT NOT NULL,
	result      TEXT NOT NULL,
	target      TEXT NOT NULL,
	event       INTEGER NOT NULL REFERENCES events(seq)
);
CREATE TABLE push_rejections (
	outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
	code      TEXT NOT NULL,
	reason    TEXT NOT NULL,
	target    TEXT NOT NULL,
	at        TEXT NOT NULL,
	event     INTEGER NOT NULL REFERENCES events(seq)
);
`

// KindPushRejected is the event of an outbox entry the repository rejected.
const KindPushRejected = "push-rejected"

// KindPushRetry is the event of a clerk sending a rejected entry again.
const KindPushRetry = "push-retry"

// Receipt is the repository's acknowledgement of one outbox entry.
type Receipt struct {
	OutboxID   int64
	Receipt    string    // the repository's receipt id
	ReceivedAt time.Time // when the repository first stored it
	Result     string    // accepted, or duplicate (stored before)
	Target     string    // the repository (URL or profile) that answered
}

// Rejection is the repository's refusal of one outbox entry.
type Rejection struct {
	OutboxID int64
	Code     string
	Reason   string
	Target   string
}

// Stamp says who records receipts or rejections, where and when.
type Stamp struct {
	Actor, Station string
	At             time.Time
}

// RecordReceipts marks the entries pushed, each with a push event carrying its
// receipt, in one transaction. An entry already pushed is left as it is (a
// receipt brought back twice).
func (l *Ledger) RecordReceipts(ctx context.Context, rs []Receipt, s Stamp) error {
	err := l.tx(ctx, func(t *sql.Tx) error {
		for _, r := range rs {
			if err := recordReceipt(ctx, t, r, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record push receipts: %w", err)
	}
	return nil
}

func recordReceipt(ctx context.Context, t *sql.Tx, r Receipt, s Stamp) error {
	identifier, kind, waiting, err := outboxEntry(ctx, t, r.OutboxID)
	if err != nil || !waiting {
		return err
	}
	ev, err := insertEvent(ctx, t, Event{At: s.At, Actor: s.Actor, Station: s.Station, Kind: KindPush, Identifier: identifier,
		Detail: jsonDetail(map[string]any{"outbox": r.OutboxID, "kind": kind, "receipt": r.Receipt,
			"received_at": utc(r.ReceivedAt), "result": r.Result, "target": r.Target})})
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO push_receipts (outbox_id, receipt, received_at, result, target, event)
		VALUES (?, ?, ?, ?, ?, ?)`, r.OutboxID, r.Receipt, utc(r.ReceivedAt), r.Result, r.Target, ev); err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, "DELETE FROM push_rejections WHERE outbox_id = ?", r.OutboxID); err != nil {
		return err
	}
	_, err = t.ExecContext(ctx, "UPDATE outbox SET pushed_at = ? WHERE id = ?", utc(s.At), r.OutboxID)
	return err
}

// outboxEntry reads an outbox entry; waiting is false once it was pushed.
func outboxEntry(ctx context.Context, t *sql.Tx, id int64) (identifier, kind string, waiting bool, err error) {
	var pushed sql.NullString
	err = t.QueryRowContext(ctx, "SELECT identifier, kind, pushed_at FROM outbox WHERE id = ?", id).Scan(&identifier, &kind, &pushed)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, fmt.Errorf("outbox entry %d: %w", id, ErrNotFound)
	}
	return identifier, kind, !pushed.Valid, err
}

// RecordRejections keeps each entry out of further pushes, with its reason
// and a push-rejected event, until a clerk retries it (RetryRejected).
func (l *Ledger) RecordRejections(ctx context.Context, rs []Rejection, s Stamp) error {
	err := l.tx(ctx, func(t *sql.Tx) error {
		for _, r := range rs {
			if err := recordRejection(ctx, t, r, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record push rejections: %w", err)
	}
	return nil
}

func recordRejection(ctx context.Context, t *sql.Tx, r Rejection, s Stamp) error {
	identifier, kind, waiting, err := outboxEntry(ctx, t, r.OutboxID)
	if err != nil || !waiting {
		return err
	}
	ev, err := insertEvent(ctx, t, Event{At: s.At, Actor: s.Actor, Station: s.Station, Kind: KindPushRejected, Identifier: identifier,
		Outcome: r.Code, Detail: jsonDetail(map[string]any{"outbox": r.OutboxID, "kind": kind, "code": r.Code,
			"reason": r.Reason, "target": r.Target})})
	if err != nil {
		return err
	}
	_, err = t.ExecContext(ctx, `INSERT INTO push_rejections (outbox_id, code, reason, target, at, event) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (outbox_id) DO UPDATE SET code = excluded.code, reason = excluded.reason, target = excluded.target,
		at = excluded.at, event = excluded.event`, r.OutboxID, r.Code, r.Reason, r.Target, utc(s.At), ev)
	return err
}

// RejectedPush is an outbox entry the repository rejected, waiting for a clerk.
type RejectedPush struct {
	Push
	Code, Reason, Target string
	RejectedAt           time.Time
}

// Rejected lists the rejected entries not yet pushed, oldest rejection first.
func (l *Ledger) Rejected(ctx context.Context) ([]RejectedPush, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT o.id, o.identifier, o.version, o.kind, o.enqueued_at, coalesce(o.deadline, ''),
			r.code, r.reason, r.target, r.at
		FROM push_rejections r JOIN outbox o ON o.id = r.outbox_id WHERE o.pushed_at IS NULL ORDER BY r.at, o.id`)
	if err != nil {
		return nil, fmt.Errorf("read rejected pushes: %w", err)
	}
	defer rs.Close()
	var out []RejectedPush
	for rs.Next() {
		var p RejectedPush
		var enq, dl, at string
		if err := rs.Scan(&p.ID, &p.Identifier, &p.Version, &p.Kind, &enq, &dl, &p.Code, &p.Reason, &p.Target, &at); err != nil {
			return nil, fmt.Errorf("read rejected pushes: %w", err)
		}
		p.EnqueuedAt, p.Deadline, p.RejectedAt = parseUTC(enq), parseUTC(dl), parseUTC(at)
		out = append(out, p)
	}
	return out, rs.Err()
}

// RetryRejected returns every rejected entry to the outbox (with a push-retry
// event each) and says how many.
func (l *Ledger) RetryRejected(ctx context.Context, s Stamp) (int, error) {
	rejected, err := l.Rejected(ctx)
	if err != nil {
		return 0, err
	}
	err = l.tx(ctx, func(t *sql.Tx) error {
		for _, r := range rejected {
			if err := appendEvent(ctx, t, Event{At: s.At, Actor: s.Actor, Station: s.Station, Kind: KindPushRetry,
				Identifier: r.Identifier, Detail: jsonDetail(map[string]any{"outbox": r.ID, "code": r.Code})}); err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, "DELETE FROM push_rejections WHERE outbox_id = ?", r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("retry rejected pushes: %w", err)
	}
	return len(rejected), nil
}

// ReceiptOf returns the receipt of a pushed outbox entry.
func (l *Ledger) ReceiptOf(ctx context.Context, outboxID int64) (Receipt, error) {
	r := Receipt{OutboxID: outboxID}
	var at string
	err := l.db.QueryRowContext(ctx, "SELECT receipt, received_at, result, target FROM push_receipts WHERE outbox_id = ?", outboxID).
		Scan(&r.Receipt, &at, &r.Result, &r.Target)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("receipt of outbox entry %d: %w", outboxID, ErrNotFound)
	}
	r.ReceivedAt = parseUTC(at)
	return r, err
}
