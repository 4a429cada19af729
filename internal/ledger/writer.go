package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"ezz/internal/text"
)

// issueWriter holds the prepared statements of one IssueBatch transaction and
// the station counters it advances.
type issueWriter struct {
	l        *Ledger
	t        *sql.Tx
	counters map[string]uint64
	stmts    map[string]*sql.Stmt
}

var issueSQL = map[string]string{
	"event": `INSERT INTO events (at, actor, station, kind, stem, identifier, batch_id, detail)
		VALUES (?, ?, ?, 'issue', ?, ?, ?, ?)`,
	"cert": `INSERT INTO certificates (stem, identifier, type_code, station, serial, serial_n, version,
		number, holder_code, status, batch_id, issued_at, updated_at, last_event)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, '01', NULLIF(?, ''), ?, ?, ?)`,
	"version": `INSERT INTO versions (identifier, stem, version, record, pdf_path, pdf_sm3, issued_at, event)
		VALUES (?, ?, 1, ?, ?, ?, ?, ?)`,
	"row": `INSERT INTO batch_rows (batch_id, row_key, identifier, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (batch_id, row_key) DO UPDATE SET identifier = excluded.identifier,
		reject_reason = '', at = excluded.at`,
	"rowdone": `SELECT identifier FROM batch_rows WHERE batch_id = ? AND row_key = ? AND identifier IS NOT NULL`,
	"outbox": `INSERT INTO outbox (identifier, version, kind, enqueued_at, deadline, event)
		VALUES (?, 1, 'issue', ?, NULLIF(?, ''), ?)`,
}

func (l *Ledger) newIssueWriter(ctx context.Context, t *sql.Tx) (*issueWriter, error) {
	w := &issueWriter{l: l, t: t, counters: map[string]uint64{}, stmts: map[string]*sql.Stmt{}}
	for name, q := range issueSQL {
		s, err := t.PrepareContext(ctx, q)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("prepare %s: %w", name, err)
		}
		w.stmts[name] = s
	}
	return w, nil
}

func (w *issueWriter) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

func (w *issueWriter) issue(ctx context.Context, is *Issuance) error {
	if err := is.check(); err != nil {
		return err
	}
	if err := w.rowFree(ctx, is); err != nil {
		return err
	}
	if err := w.advance(ctx, is.Station, is.SerialN); err != nil {
		return err
	}
	st, at := stem(is.Identifier), utc(is.At)
	detail := issueDetail{is.TypeCode, is.Number, is.Serial, 1, is.PDFSM3, is.RowKey, is.Retention}.json()
	res, err := w.stmts["event"].ExecContext(ctx, at, is.Actor, is.Station, st, is.Identifier, is.BatchID, detail)
	if err != nil {
		return fmt.Errorf("append event: %w", err)
	}
	ev, _ := res.LastInsertId()
	_, err = w.stmts["cert"].ExecContext(ctx, st, is.Identifier, is.TypeCode, is.Station, is.Serial,
		is.SerialN, is.Number, is.HolderCode, is.BatchID, at, at, ev)
	if err != nil {
		return w.certError(ctx, is, err)
	}
	if _, err := w.stmts["version"].ExecContext(ctx, is.Identifier, st, is.Record, w.l.storePath(is.PDFPath), is.PDFSM3, at, ev); err != nil {
		return fmt.Errorf("store version: %w", err)
	}
	if err := w.row(ctx, is, at); err != nil {
		return err
	}
	var deadline string
	if !is.Deadline.IsZero() {
		deadline = utc(is.Deadline)
	}
	if _, err := w.stmts["outbox"].ExecContext(ctx, is.Identifier, at, deadline, ev); err != nil {
		return fmt.Errorf("enqueue push: %w", err)
	}
	return nil
}

// advance checks that n continues the station's counter and moves it on.
func (w *issueWriter) advance(ctx context.Context, station string, n uint64) error {
	next, ok := w.counters[station]
	if !ok {
		if _, err := w.t.ExecContext(ctx, "INSERT INTO stations (code, next_serial) VALUES (?, 1) ON CONFLICT DO NOTHING", station); err != nil {
			return fmt.Errorf("register station %q: %w", station, err)
		}
		if err := w.t.QueryRowContext(ctx, "SELECT next_serial FROM stations WHERE code = ?", station).Scan(&next); err != nil {
			return fmt.Errorf("read serial counter of station %q: %w", station, err)
		}
	}
	if n != next {
		return fmt.Errorf("%w: station %s serial %d, counter is at %d", ErrSerialConflict, station, n, next)
	}
	w.counters[station] = next + 1
	return nil
}

func (w *issueWriter) saveCounters(ctx context.Context) error {
	for code, next := range w.counters {
		if _, err := w.t.ExecContext(ctx, "UPDATE stations SET next_serial = ? WHERE code = ?", next, code); err != nil {
			return fmt.Errorf("advance serial counter of station %q: %w", code, err)
		}
	}
	return nil
}

func (w *issueWriter) row(ctx context.Context, is *Issuance, at string) error {
	if is.BatchID == "" {
		return nil
	}
	if _, err := w.stmts["row"].ExecContext(ctx, is.BatchID, is.RowKey, is.Identifier, at); err != nil {
		return fmt.Errorf("record batch row: %w", err)
	}
	return nil
}

// rowFree refuses a batch row that was already issued.
func (w *issueWriter) rowFree(ctx context.Context, is *Issuance) error {
	if is.BatchID == "" {
		return nil
	}
	var prev string
	err := w.stmts["rowdone"].QueryRowContext(ctx, is.BatchID, is.RowKey).Scan(&prev)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("read batch row: %w", err)
	}
	return fmt.Errorf("%w: batch %s row %s is %s", ErrRowDone, is.BatchID, is.RowKey, prev)
}

// certError turns a failed certificate insert into the error a clerk can act on.
func (w *issueWriter) certError(ctx context.Context, is *Issuance, err error) error {
	if constraint(err, "certificates.type_code, certificates.number") {
		var existing string
		w.t.QueryRowContext(ctx, "SELECT identifier FROM certificates WHERE type_code = ? AND number = ?",
			is.TypeCode, is.Number).Scan(&existing)
		return duplicateNumber(is.TypeCode, is.Number, existing)
	}
	return fmt.Errorf("store certificate: %w", err)
}

// DuplicateNumberError is returned when a certificate number was already
// issued for the type code. It matches ErrDuplicateNumber.
type DuplicateNumberError struct {
	TypeCode, Number string
	Existing         string // identifier of the certificate that has the number
}

func (e *DuplicateNumberError) Error() string {
	return NumberIssued(e.Number, e.Existing).Msg.En
}

// Is makes errors.Is(err, ErrDuplicateNumber) true.
func (e *DuplicateNumberError) Is(target error) bool { return target == ErrDuplicateNumber }

// duplicateNumber is the bilingual error (class Bad) whose cause is a
// *DuplicateNumberError.
func duplicateNumber(typeCode, number, existing string) error {
	d := &DuplicateNumberError{TypeCode: typeCode, Number: number, Existing: existing}
	e := NumberIssued(number, existing)
	e.Err = d
	return e
}

// NumberIssued is the one refusal of a certificate number already issued (as
// the certificate existing, whose identifier names the type), said the same
// by issue, convert and the ledger (class Bad).
func NumberIssued(number, existing string) *text.Error {
	e := text.Badf("证照编号 %q 已签发过，证照标识为 %s，不能重复签发",
		"certificate number %q was already issued as %s", number, existing)
	return e.WithHint("每个编号只签发一次，不要再次签发；要修改已签发的证照，请用 ezz alter 做变更（新版本）",
		"each number is issued once, do not issue it again; to change the issued certificate, use ezz alter (a new version)")
}
