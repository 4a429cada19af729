package ledger

import (
	"context"
	"database/sql"
	"fmt"
)

// VersionChange is an alteration or extension: a new version of the
// certificate (same serial, version + 1) with its signed record and PDF.
type VersionChange struct {
	Change
	Previous   string // the current version's identifier, as the new record was built from
	New        string // the new version's identifier
	Version    int
	Number     string
	HolderCode string
	Record     []byte
	PDFPath    string
	PDFSM3     string
}

// ApplyVersion records a new version in one transaction: its event, the
// version, the certificate's new current identifier and state, and an outbox
// entry with its deadline. It fails with ErrStale when another change made
// Previous not current any more (the record must then be rebuilt).
func (l *Ledger) ApplyVersion(ctx context.Context, v VersionChange) (Changed, error) {
	var out Changed
	if v.Decide == nil || v.Reason == "" || len(v.Record) == 0 || stem(v.New) == "" || stem(v.New) != stem(v.Previous) {
		return out, fmt.Errorf("%s %s: a rule, a reason and a signed record of the same serial are required", v.Action, v.Previous)
	}
	err := l.tx(ctx, func(t *sql.Tx) error {
		if err := rowPending(ctx, t, v.Row); err != nil {
			return err
		}
		cur, version, from, err := stateOf(ctx, t, v.Previous)
		if err != nil {
			return err
		}
		if cur != v.Previous || v.Version != version+1 {
			return fmt.Errorf("%w: the current version is %s", ErrStale, cur)
		}
		to, err := v.Decide(from)
		if err != nil {
			return err
		}
		out = Changed{Identifier: v.New, From: from, To: to}
		d := changeDetail(v.Change, from, to)
		d["previous"], d["version"], d["number"], d["pdf_sm3"] = v.Previous, v.Version, v.Number, v.PDFSM3
		if out.Event, err = insertEvent(ctx, t, Event{At: v.At, Actor: v.Actor, Station: v.Station, Kind: KindLifecycle,
			Identifier: v.New, Detail: jsonDetail(d)}); err != nil {
			return err
		}
		if err := insertVersion(ctx, t, v, l.storePath(v.PDFPath), to, out.Event); err != nil {
			return err
		}
		if err := enqueueDue(ctx, t, v.New, v.Version, KindLifecycle, v.At, v.Deadline, out.Event); err != nil {
			return err
		}
		return rowApplied(ctx, t, v.Row, v.New, out.Event, v.At)
	})
	if err != nil {
		return Changed{}, fmt.Errorf("%s %s: %w", v.Action, v.Previous, err)
	}
	return out, nil
}

func insertVersion(ctx context.Context, t *sql.Tx, v VersionChange, pdfPath string, to State, ev int64) error {
	at := utc(v.At)
	if _, err := t.ExecContext(ctx, `INSERT INTO versions (identifier, stem, version, record, pdf_path, pdf_sm3, issued_at, event)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.New, stem(v.New), v.Version, v.Record, pdfPath, v.PDFSM3, at, ev); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `UPDATE certificates SET identifier = ?, version = ?, number = ?, holder_code = ?,
		status = ?, status_reason = ?, pledged = ?, updated_at = ?, last_event = ? WHERE identifier = ?`,
		v.New, v.Version, v.Number, v.HolderCode, to.Status, v.Reason, to.Pledged, at, ev, v.Previous)
	if constraint(err, "certificates.type_code, certificates.number") {
		var existing, typeCode string
		t.QueryRowContext(ctx, "SELECT type_code FROM certificates WHERE identifier = ?", v.Previous).Scan(&typeCode)
		t.QueryRowContext(ctx, "SELECT identifier FROM certificates WHERE type_code = ? AND number = ?", typeCode, v.Number).Scan(&existing)
		return duplicateNumber(typeCode, v.Number, existing)
	}
	return err
}
