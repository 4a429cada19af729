package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Push is one outbox entry: a version or status change waiting to reach the repository.
type Push struct {
	ID         int64
	Identifier string
	Version    int
	Kind       string // issue, new-version or status
	EnqueuedAt time.Time
	Deadline   time.Time // zero when not yet computed
}

// Pending returns up to limit outbox entries not yet pushed, oldest first.
func (l *Ledger) Pending(ctx context.Context, limit int) ([]Push, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT id, identifier, version, kind, enqueued_at, coalesce(deadline, '')
		FROM outbox WHERE pushed_at IS NULL ORDER BY enqueued_at, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rs.Close()
	var out []Push
	for rs.Next() {
		var p Push
		var enq, dl string
		if err := rs.Scan(&p.ID, &p.Identifier, &p.Version, &p.Kind, &enq, &dl); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		p.EnqueuedAt, p.Deadline = parseUTC(enq), parseUTC(dl)
		out = append(out, p)
	}
	return out, rs.Err()
}

// MarkPushed records that the repository accepted outbox entry id, with a push event.
func (l *Ledger) MarkPushed(ctx context.Context, id int64, actor, station string, at time.Time) error {
	err := l.tx(ctx, func(t *sql.Tx) error {
		var identifier, kind string
		if err := t.QueryRowContext(ctx, "SELECT identifier, kind FROM outbox WHERE id = ? AND pushed_at IS NULL", id).
			Scan(&identifier, &kind); err != nil {
			if err == sql.ErrNoRows {
				return fmt.Errorf("entry %d is not waiting: %w", id, ErrNotFound)
			}
			return err
		}
		if err := appendEvent(ctx, t, Event{At: at, Actor: actor, Station: station, Kind: KindPush, Identifier: identifier,
			Detail: jsonDetail(map[string]any{"outbox": id, "kind": kind})}); err != nil {
			return err
		}
		_, err := t.ExecContext(ctx, "UPDATE outbox SET pushed_at = ? WHERE id = ?", utc(at), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark pushed: %w", err)
	}
	return nil
}

// setDeadline records the push deadline of the outbox entries a batch
// enqueued since its previous close, at prev (zero: it never closed). It
// reads and writes only what the batch and the entries enqueued since its
// first issuance touch, however many other entries wait (deadlineQuery).
func setDeadline(ctx context.Context, t *sql.Tx, batchID string, prev, deadline time.Time, actor, station string, at time.Time) error {
	if err := appendEvent(ctx, t, Event{At: at, Actor: actor, Station: station, Kind: KindDeadline, BatchID: batchID,
		Detail: jsonDetail(map[string]string{"deadline": utc(deadline)})}); err != nil {
		return err
	}
	var from sql.NullString
	if err := t.QueryRowContext(ctx, `SELECT min(at) FROM batch_rows WHERE batch_id = ? AND identifier IS NOT NULL`, batchID).Scan(&from); err != nil {
		return err
	}
	if !from.Valid {
		return nil // nothing issued
	}
	var closed string // "" sorts before every time
	if !prev.IsZero() {
		closed = utc(prev)
	}
	_, err := t.ExecContext(ctx, deadlineQuery, utc(deadline), from.String, batchID, closed)
	return err
}

// deadlineQuery sets the deadline of the batch's waiting entries. An issued
// batch row's at is its certificate's issue time, which is also its outbox
// entry's enqueued_at (one value, writer.go and multirow.go): so every entry
// of the batch was enqueued at or after the earliest at of its rows, and the
// range scan of outbox_pending from there finds them all. INDEXED BY makes
// SQLite refuse the statement rather than fall back to a scan of every
// waiting entry (TestSetDeadlineReadsTheBatch checks the plan). An entry
// written with this deadline already is read, not written again.
//
// Only the issuances get the batch's deadline: a change made to one of its
// certificates before the close (a resumed batch) keeps its own, shorter one
// (TestSetDeadlineKeepsChanges). And only those enqueued after the batch's
// previous close (?4): the 5 working days of a bulk issuance run from the day
// its business concluded (DESIGN R2), so a deadline a close gave never moves
// later when a resumed run closes the batch again; that run's own
// certificates get the new close's (TestConversionEndsSealed). An entry
// without any deadline (written by a build before round 7 and never closed)
// gets it whenever it was enqueued.
const deadlineQuery = `UPDATE outbox INDEXED BY outbox_pending SET deadline = ?1
	WHERE pushed_at IS NULL AND enqueued_at >= ?2 AND deadline IS NOT ?1 AND kind = '` + KindIssue + `'
	AND (enqueued_at > ?4 OR deadline IS NULL)
	AND identifier IN (SELECT identifier FROM batch_rows WHERE batch_id = ?3 AND identifier IS NOT NULL)`
