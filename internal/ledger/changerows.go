package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// rowPending fails with ErrRowApplied when the workbook row was applied before.
func rowPending(ctx context.Context, t *sql.Tx, r *ChangeRow) error {
	if r == nil {
		return nil
	}
	var ev sql.NullInt64
	err := t.QueryRowContext(ctx, "SELECT event FROM change_rows WHERE workbook_sm3 = ? AND row_key = ?", r.WorkbookSM3, r.Key).Scan(&ev)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case ev.Valid:
		return fmt.Errorf("%s: %w", r.Key, ErrRowApplied)
	}
	return nil
}

// rowApplied records that the workbook row was applied by event ev.
func rowApplied(ctx context.Context, t *sql.Tx, r *ChangeRow, identifier string, ev int64, at time.Time) error {
	if r == nil {
		return nil
	}
	_, err := t.ExecContext(ctx, `INSERT INTO change_rows (workbook_sm3, row_key, identifier, event, reject_reason, at)
		VALUES (?, ?, ?, ?, '', ?) ON CONFLICT (workbook_sm3, row_key) DO UPDATE
		SET identifier = excluded.identifier, event = excluded.event, reject_reason = '', at = excluded.at`,
		r.WorkbookSM3, r.Key, identifier, ev, utc(at))
	return err
}

// RejectChangeRow records why a workbook row was not applied; a later run of
// the same workbook may still apply it (a reject is not final).
func (l *Ledger) RejectChangeRow(ctx context.Context, r ChangeRow, reason string, at time.Time) error {
	if reason == "" {
		return errors.New("reject change row: a reason is required")
	}
	return l.tx(ctx, func(t *sql.Tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO change_rows (workbook_sm3, row_key, reject_reason, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (workbook_sm3, row_key) DO UPDATE SET reject_reason = excluded.reject_reason, at = excluded.at`,
			r.WorkbookSM3, r.Key, reason, utc(at))
		return err
	})
}

// AppliedRow is a workbook row applied before, with the identifier it changed.
type AppliedRow struct {
	Key        string
	Identifier string
	Event      int64
}

// AppliedRows returns the rows of the workbook applied so far, by row key.
func (l *Ledger) AppliedRows(ctx context.Context, workbookSM3 string) (map[string]AppliedRow, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT row_key, identifier, event FROM change_rows
		WHERE workbook_sm3 = ? AND event IS NOT NULL`, workbookSM3)
	if err != nil {
		return nil, fmt.Errorf("read applied rows: %w", err)
	}
	defer rs.Close()
	out := map[string]AppliedRow{}
	for rs.Next() {
		var r AppliedRow
		if err := rs.Scan(&r.Key, &r.Identifier, &r.Event); err != nil {
			return nil, err
		}
		out[r.Key] = r
	}
	return out, rs.Err()
}
