package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StatusChange is a change of a certificate's status (the lifecycle builds on it).
type StatusChange struct {
	Identifier string // any version's identifier
	Status     string // two-digit status code, e.g. "07" 吊销
	Reason     string
	Actor      string
	Station    string
	At         time.Time
}

// SetStatus records a status change with its event and enqueues it for pushing.
func (l *Ledger) SetStatus(ctx context.Context, c StatusChange) error {
	if len(c.Status) != 2 || c.Status[0] < '0' || c.Status[0] > '9' || c.Status[1] < '0' || c.Status[1] > '9' {
		return fmt.Errorf("set status of %s: status %q is not a two-digit code", c.Identifier, c.Status)
	}
	err := l.tx(ctx, func(t *sql.Tx) error {
		cur, version, old, err := currentOf(ctx, t, c.Identifier)
		if err != nil {
			return err
		}
		ev, err := insertEvent(ctx, t, Event{At: c.At, Actor: c.Actor, Station: c.Station, Kind: KindStatus,
			Identifier: cur, Detail: jsonDetail(map[string]string{"from": old, "to": c.Status, "reason": c.Reason})})
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE certificates SET status = ?, status_reason = ?, updated_at = ?, last_event = ?
			WHERE identifier = ?`, c.Status, c.Reason, utc(c.At), ev, cur); err != nil {
			return err
		}
		return enqueue(ctx, t, cur, version, KindStatus, c.At, ev)
	})
	if err != nil {
		return fmt.Errorf("set status of %s: %w", c.Identifier, err)
	}
	return nil
}

// currentOf finds the current identifier, version and status of the
// certificate that the identifier (of any version) belongs to.
func currentOf(ctx context.Context, q querier, identifier string) (cur string, version int, status string, err error) {
	err = q.QueryRowContext(ctx, "SELECT identifier, version, status FROM certificates WHERE stem = ?", stem(identifier)).
		Scan(&cur, &version, &status)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return cur, version, status, err
}

// enqueue adds an outbox entry for the version, caused by event ev.
func enqueue(ctx context.Context, t *sql.Tx, identifier string, version int, kind string, at time.Time, ev int64) error {
	_, err := t.ExecContext(ctx, `INSERT INTO outbox (identifier, version, kind, enqueued_at, event) VALUES (?, ?, ?, ?, ?)`,
		identifier, version, kind, utc(at), ev)
	if err != nil {
		return fmt.Errorf("enqueue push: %w", err)
	}
	return nil
}

// NewVersion is an alteration: the same certificate (same serial) under a new
// version identifier, with its new signed record.
type NewVersion struct {
	Previous   string // identifier of the version it replaces (must be the current one)
	Identifier string // the new version's identifier
	Version    int    // previous version + 1
	Number     string // the certificate number, possibly changed
	HolderCode string
	Record     []byte
	PDFPath    string
	PDFSM3     string
	Reason     string
	Actor      string
	Station    string
	At         time.Time
}

// AddVersion records a new version of a certificate with its event and
// enqueues it for pushing. Status is unchanged.
func (l *Ledger) AddVersion(ctx context.Context, n NewVersion) error {
	if stem(n.Identifier) == "" || stem(n.Identifier) != stem(n.Previous) || len(n.Record) == 0 {
		return fmt.Errorf("add version %s: it must share the serial of %s and carry a signed record", n.Identifier, n.Previous)
	}
	err := l.tx(ctx, func(t *sql.Tx) error {
		cur, version, _, err := currentOf(ctx, t, n.Previous)
		if err != nil {
			return err
		}
		if cur != n.Previous || n.Version != version+1 {
			return fmt.Errorf("%s is not the current version (%s, version %d)", n.Previous, cur, version)
		}
		ev, err := insertEvent(ctx, t, Event{At: n.At, Actor: n.Actor, Station: n.Station, Kind: KindNewVersion,
			Identifier: n.Identifier, Detail: jsonDetail(map[string]any{"previous": n.Previous, "version": n.Version,
				"number": n.Number, "reason": n.Reason, "pdf_sm3": n.PDFSM3})})
		if err != nil {
			return err
		}
		at := utc(n.At)
		if _, err := t.ExecContext(ctx, `INSERT INTO versions (identifier, stem, version, record, pdf_path, pdf_sm3, issued_at, event)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.Identifier, stem(n.Identifier), n.Version, n.Record, l.storePath(n.PDFPath), n.PDFSM3, at, ev); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE certificates SET identifier = ?, version = ?, number = ?, holder_code = ?,
			updated_at = ?, last_event = ? WHERE identifier = ?`, n.Identifier, n.Version, n.Number, n.HolderCode, at, ev, cur); err != nil {
			return err
		}
		return enqueue(ctx, t, n.Identifier, n.Version, KindNewVersion, n.At, ev)
	})
	if err != nil {
		return fmt.Errorf("add version %s: %w", n.Identifier, err)
	}
	return nil
}
