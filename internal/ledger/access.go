package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Access is one entry of the access log (R12): who looked at what, and what they got.
type Access struct {
	At      time.Time
	Actor   string
	Station string
	Action  string // verify, lookup, …
	Subject string // an identifier, a file name, a certificate number
	Result  string // valid, invalid, not-found, …
}

// LogAccess appends entries to the access log, all in one transaction (one
// durable commit for a whole `ezz verify many/*.pdf`).
func (l *Ledger) LogAccess(ctx context.Context, entries ...Access) error {
	for _, a := range entries {
		if a.At.IsZero() || a.Actor == "" || a.Action == "" {
			return fmt.Errorf("log access: time, actor and action are required")
		}
	}
	err := l.tx(ctx, func(t *sql.Tx) error {
		for _, a := range entries {
			_, err := t.ExecContext(ctx, `INSERT INTO access_log (at, actor, station, action, subject, result) VALUES (?, ?, ?, ?, ?, ?)`,
				utc(a.At), a.Actor, a.Station, a.Action, a.Subject, a.Result)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	return nil
}

// AccessLog returns the access-log entries at or after since, oldest first.
func (l *Ledger) AccessLog(ctx context.Context, since time.Time) ([]Access, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT at, actor, station, action, subject, result FROM access_log
		WHERE at >= ? ORDER BY seq`, utc(since))
	if err != nil {
		return nil, fmt.Errorf("read access log: %w", err)
	}
	defer rs.Close()
	var out []Access
	for rs.Next() {
		var a Access
		var at string
		if err := rs.Scan(&at, &a.Actor, &a.Station, &a.Action, &a.Subject, &a.Result); err != nil {
			return nil, fmt.Errorf("read access log: %w", err)
		}
		a.At = parseUTC(at)
		out = append(out, a)
	}
	return out, rs.Err()
}
