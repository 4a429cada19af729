package repository

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"ezz/internal/ident"
	"ezz/internal/push"
)

// schemaRows keeps the rows received through province profiles, append-only.
// A row is one operation on a certificate at a time: (profile, identifier,
// operation, state, at) is its idempotency key.
const schemaRows = `
CREATE TABLE IF NOT EXISTS profile_rows (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	profile     TEXT NOT NULL,
	identifier  TEXT NOT NULL,
	operation   TEXT NOT NULL,
	state       TEXT NOT NULL,
	at          TEXT NOT NULL,
	digest      TEXT NOT NULL,
	issuer_key  TEXT NOT NULL,
	row         BLOB NOT NULL,
	pdf         BLOB,
	received_at TEXT NOT NULL,
	UNIQUE (profile, identifier, operation, state, at)
);
CREATE TRIGGER IF NOT EXISTS profile_rows_no_update BEFORE UPDATE ON profile_rows
	BEGIN SELECT RAISE(ABORT, 'rows are append-only'); END;
CREATE TRIGGER IF NOT EXISTS profile_rows_no_delete BEFORE DELETE ON profile_rows
	BEGIN SELECT RAISE(ABORT, 'rows are append-only'); END;
`

// outcome is what became of one row.
type outcome struct {
	result string // accepted, duplicate or rejected
	reason string
}

// check says why a row cannot be stored ("" when it can): its identifier, its
// operation code, its time, and its PDF (signatures by a trusted issuer, the
// certificate the row names).
func (pr *profileReceiver) check(ctx context.Context, r *Row) string {
	if _, err := ident.Parse(r.Identifier); err != nil {
		return "identifier: " + err.Error()
	}
	codes := make([]string, 0, len(pr.p.Operations))
	for _, c := range pr.p.Operations {
		codes = append(codes, c)
	}
	if !slices.Contains(codes, r.Operation) {
		return fmt.Sprintf("operation %q is not one of this interface's codes", r.Operation)
	}
	at, err := time.Parse(time.RFC3339, r.At)
	if err != nil {
		return fmt.Sprintf("time %q is not RFC 3339", r.At)
	}
	if len(r.PDF) == 0 {
		return ""
	}
	it := &push.Item{Key: r.Identifier, Identifier: r.Identifier, PDF: r.PDF, PDFSM3: push.BodySM3(r.PDF)}
	if res := pr.s.checkPDF(ctx, it, at, func(code, format string, args ...any) *push.Result {
		x := rejected(it.Key, code, fmt.Sprintf(format, args...))
		return &x
	}); res != nil {
		return res.Code + ": " + res.Reason
	}
	return ""
}

// putRow stores a checked row once: the same row again is a duplicate, other
// content under the same key a conflict.
func putRow(ctx context.Context, t *sql.Tx, profile string, r *Row, keyID string, now time.Time) (outcome, error) {
	var digest string
	err := t.QueryRowContext(ctx, `SELECT digest FROM profile_rows WHERE profile = ? AND identifier = ? AND operation = ?
		AND state = ? AND at = ?`, profile, r.Identifier, r.Operation, r.State, r.At).Scan(&digest)
	switch {
	case err == nil && digest == r.Digest:
		return outcome{result: push.Duplicate}, nil
	case err == nil:
		return outcome{result: push.Rejected, reason: "conflict: this operation was stored before with other content"}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return outcome{}, err
	}
	row, _ := json.Marshal(r.Fields)
	var pdf any
	if len(r.PDF) > 0 {
		pdf = r.PDF
	}
	_, err = t.ExecContext(ctx, `INSERT INTO profile_rows (profile, identifier, operation, state, at, digest, issuer_key, row, pdf, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, profile, r.Identifier, r.Operation, r.State, r.At, r.Digest, keyID, row, pdf, utc(now))
	return outcome{result: push.Accepted}, err
}

// answer is the interface's answer to a batch. accept-data: ReturnCode 1 when
// every row was stored, else 2 with ErrorData naming each row not stored now
// (a row stored before says 已存在, which profiles count as success) and
// SuccessData the rest. exchange-table: a result per row, code 0 stored,
// 1 refused, 2 already exists.
func (pr *profileReceiver) answer(rows []Row, out []outcome) map[string]any {
	idField := pr.p.Fields["ZZBS"]
	if pr.p.Protocol == push.ProtocolExchangeTable {
		results := make([]map[string]string, len(rows))
		for i, o := range out {
			code, msg := map[string]string{push.Accepted: "0", push.Duplicate: "2", push.Rejected: "1"}[o.result], o.reason
			if o.result == push.Duplicate {
				msg = "already exists (已存在)"
			}
			results[i] = map[string]string{idField: rows[i].Identifier, "code": code, "msg": msg}
		}
		return map[string]any{"results": results}
	}
	errs, oks := []map[string]string{}, []map[string]string{}
	for i, o := range out {
		switch o.result {
		case push.Accepted:
			oks = append(oks, map[string]string{idField: rows[i].Identifier})
		case push.Duplicate:
			errs = append(errs, map[string]string{idField: rows[i].Identifier, "ErrorMsg": "证照已存在（already stored）"})
		default:
			errs = append(errs, map[string]string{idField: rows[i].Identifier, "ErrorMsg": o.reason})
		}
	}
	if len(errs) == 0 {
		return map[string]any{"ReturnCode": "1", "SuccessData": oks}
	}
	return map[string]any{"ReturnCode": "2", "ErrorData": errs, "SuccessData": oks}
}
