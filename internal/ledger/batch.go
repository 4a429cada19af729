package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"ezz/internal/workday"
)

// Batch is one conversion of a register with a template at a station.
type Batch struct {
	ID           string
	Station      string
	Register     string // the register file as given
	RegisterSM3  string // hex SM3 of its bytes
	TemplateHash string // the template's catalogue hash
	StartedAt    time.Time
	ConcludedAt  time.Time // zero while the batch is open
	Issued       int
	Rejected     int
	Skipped      int
}

// Row is what became of one register row in a batch: an identifier or a reason.
type Row struct {
	Key          string
	Identifier   string // "" when rejected
	RejectReason string // "" when issued
}

// OpenBatch starts a batch for a register, or returns the batch already started
// for the same register bytes, template and station (resumed is then true):
// rows issued then are in BatchRows and must not be issued again.
// Batch ids read <station>-<yyyymmdd>-<nnn>, dated in China time.
func (l *Ledger) OpenBatch(ctx context.Context, b Batch, actor string, now time.Time) (Batch, bool, error) {
	if b.Station == "" || b.RegisterSM3 == "" || b.TemplateHash == "" {
		return Batch{}, false, errors.New("open batch: station, register SM3 and template hash are required")
	}
	var resumed bool
	err := l.tx(ctx, func(t *sql.Tx) error {
		prev, err := batchBy(ctx, t, "register_sm3 = ? AND template_hash = ? AND station = ?", b.RegisterSM3, b.TemplateHash, b.Station)
		if err == nil {
			b, resumed = prev, true
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		b.ID, err = newBatchID(ctx, t, b.Station, now)
		if err != nil {
			return err
		}
		b.StartedAt, b.ConcludedAt, b.Issued, b.Rejected, b.Skipped = now.UTC().Truncate(time.Second), time.Time{}, 0, 0, 0
		if _, err := t.ExecContext(ctx, `INSERT INTO batches (id, station, register, register_sm3, template_hash, started_at)
			VALUES (?, ?, ?, ?, ?, ?)`, b.ID, b.Station, b.Register, b.RegisterSM3, b.TemplateHash, utc(now)); err != nil {
			return err
		}
		return appendEvent(ctx, t, Event{At: now, Actor: actor, Station: b.Station, Kind: KindBatchOpen, BatchID: b.ID,
			Detail: jsonDetail(map[string]string{"register": b.Register, "register_sm3": b.RegisterSM3, "template_hash": b.TemplateHash})})
	})
	if err != nil {
		return Batch{}, false, fmt.Errorf("open batch for %q: %w", b.Register, err)
	}
	return b, resumed, nil
}

func newBatchID(ctx context.Context, t *sql.Tx, station string, now time.Time) (string, error) {
	prefix := fmt.Sprintf("%s-%s-", station, now.In(workday.Shanghai).Format("20060102"))
	var n int
	if err := t.QueryRowContext(ctx, "SELECT count(*) FROM batches WHERE id LIKE ? || '%'", prefix).Scan(&n); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%03d", prefix, n+1), nil
}

// CloseBatch records the batch's conclusion and its counts. Closing again
// (after a resumed run) records the new counts and time with another event.
func (l *Ledger) CloseBatch(ctx context.Context, id string, issued, rejected, skipped int, actor string, now time.Time) error {
	err := l.tx(ctx, func(t *sql.Tx) error {
		_, err := closeBatch(ctx, t, id, issued, rejected, skipped, actor, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("close batch %s: %w", id, err)
	}
	return nil
}

// CloseBatchDue is CloseBatch and the push deadline of the batch's
// issuances since its previous close (deadlineQuery), in one transaction: one
// commit and one signed tree head for both.
func (l *Ledger) CloseBatchDue(ctx context.Context, id string, issued, rejected, skipped int, deadline time.Time, actor, station string, now time.Time) error {
	err := l.tx(ctx, func(t *sql.Tx) error {
		prev, err := closeBatch(ctx, t, id, issued, rejected, skipped, actor, now)
		if err != nil {
			return err
		}
		return setDeadline(ctx, t, id, prev, deadline, actor, station, now)
	})
	if err != nil {
		return fmt.Errorf("close batch %s: %w", id, err)
	}
	return nil
}

// closeBatch records the close and returns when the batch closed before
// (zero: never).
func closeBatch(ctx context.Context, t *sql.Tx, id string, issued, rejected, skipped int, actor string, now time.Time) (time.Time, error) {
	b, err := batchBy(ctx, t, "id = ?", id)
	if err != nil {
		return time.Time{}, err
	}
	if _, err := t.ExecContext(ctx, `UPDATE batches SET concluded_at = ?, issued = ?, rejected = ?, skipped = ? WHERE id = ?`,
		utc(now), issued, rejected, skipped, id); err != nil {
		return time.Time{}, err
	}
	return b.ConcludedAt, appendEvent(ctx, t, Event{At: now, Actor: actor, Station: b.Station, Kind: KindBatchClose, BatchID: id,
		Detail: jsonDetail(map[string]int{"issued": issued, "rejected": rejected, "skipped": skipped})})
}

// Batch returns the batch with the id.
func (l *Ledger) Batch(ctx context.Context, id string) (Batch, error) {
	b, err := batchBy(ctx, l.db, "id = ?", id)
	if err != nil {
		return Batch{}, fmt.Errorf("batch %s: %w", id, err)
	}
	return b, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func batchBy(ctx context.Context, q querier, where string, args ...any) (Batch, error) {
	var b Batch
	var started string
	var concluded sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, station, register, register_sm3, template_hash, started_at, concluded_at,
		issued, rejected, skipped FROM batches WHERE `+where, args...).Scan(&b.ID, &b.Station, &b.Register,
		&b.RegisterSM3, &b.TemplateHash, &started, &concluded, &b.Issued, &b.Rejected, &b.Skipped)
	if errors.Is(err, sql.ErrNoRows) {
		return Batch{}, ErrNotFound
	}
	if err != nil {
		return Batch{}, err
	}
	b.StartedAt, b.ConcludedAt = parseUTC(started), parseUTC(concluded.String)
	return b, nil
}

// RejectRows records rows of a batch that were rejected and why. A row
// rejected before gets the new reason; an issued row cannot be rejected.
func (l *Ledger) RejectRows(ctx context.Context, batchID string, rows []Row, now time.Time) error {
	err := l.tx(ctx, func(t *sql.Tx) error {
		s, err := t.PrepareContext(ctx, `INSERT INTO batch_rows (batch_id, row_key, reject_reason, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (batch_id, row_key) DO UPDATE SET reject_reason = excluded.reject_reason, at = excluded.at`)
		if err != nil {
			return err
		}
		defer s.Close()
		for _, r := range rows {
			if r.RejectReason == "" {
				return fmt.Errorf("row %s: a reject needs a reason", r.Key)
			}
			if _, err := s.ExecContext(ctx, batchID, r.Key, r.RejectReason, utc(now)); err != nil {
				return fmt.Errorf("row %s: %w", r.Key, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record rejects of batch %s: %w", batchID, err)
	}
	return nil
}

// BatchPDF returns the path of one PDF a batch's rows were issued with, or
// "" when none was (no row issued yet, or issued without PDFs): where the
// batch's files are.
func (l *Ledger) BatchPDF(ctx context.Context, batchID string) (string, error) {
	var path string
	err := l.db.QueryRowContext(ctx, `SELECT v.pdf_path FROM batch_rows r JOIN versions v ON v.identifier = r.identifier
		WHERE r.batch_id = ? AND r.identifier IS NOT NULL AND v.pdf_path <> '' LIMIT 1`, batchID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("files of batch %s: %w", batchID, err)
	}
	return l.loadPath(path), nil
}

// BatchRows returns every recorded row of a batch by row key.
func (l *Ledger) BatchRows(ctx context.Context, batchID string) (map[string]Row, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT row_key, coalesce(identifier, ''), reject_reason FROM batch_rows WHERE batch_id = ?`, batchID)
	if err != nil {
		return nil, fmt.Errorf("rows of batch %s: %w", batchID, err)
	}
	defer rs.Close()
	out := map[string]Row{}
	for rs.Next() {
		var r Row
		if err := rs.Scan(&r.Key, &r.Identifier, &r.RejectReason); err != nil {
			return nil, fmt.Errorf("rows of batch %s: %w", batchID, err)
		}
		out[r.Key] = r
	}
	return out, rs.Err()
}
