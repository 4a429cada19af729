package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Event kinds. docs/ledger.md describes each one's detail.
const (
	KindInit       = "workspace-init"
	KindIssue      = "issue"
	KindNewVersion = "new-version"
	KindStatus     = "status"
	KindPush       = "push"
	KindKeyImport  = "key-import"
	KindBatchOpen  = "batch-open"
	KindBatchClose = "batch-close"
	KindDeadline   = "deadline"
)

// Event is one entry of the append-first log.
type Event struct {
	Seq        int64
	At         time.Time
	Actor      string
	Station    string
	Kind       string
	Identifier string // the certificate version concerned, or ""
	BatchID    string
	Detail     string // JSON object
	Outcome    string // "ok", or what went wrong
}

// Append adds an event that changes no ledger state of its own, such as a key
// import or a failed push attempt.
func (l *Ledger) Append(ctx context.Context, e Event) (int64, error) {
	var seq int64
	err := l.tx(ctx, func(t *sql.Tx) error {
		if err := appendEvent(ctx, t, e); err != nil {
			return err
		}
		return t.QueryRowContext(ctx, "SELECT last_insert_rowid()").Scan(&seq)
	})
	if err != nil {
		return 0, fmt.Errorf("append %s event: %w", e.Kind, err)
	}
	return seq, nil
}

// appendEvent inserts e within t.
func appendEvent(ctx context.Context, t *sql.Tx, e Event) error {
	_, err := insertEvent(ctx, t, e)
	return err
}

func insertEvent(ctx context.Context, t *sql.Tx, e Event) (int64, error) {
	if e.At.IsZero() || e.Actor == "" || e.Kind == "" {
		return 0, fmt.Errorf("event needs a time, an actor and a kind")
	}
	if e.Detail == "" {
		e.Detail = "{}"
	}
	if e.Outcome == "" {
		e.Outcome = "ok"
	}
	var st string
	if e.Identifier != "" {
		st = stem(e.Identifier)
	}
	res, err := t.ExecContext(ctx, `INSERT INTO events (at, actor, station, kind, stem, identifier, batch_id, detail, outcome)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, utc(e.At), e.Actor, e.Station, e.Kind, st, e.Identifier, e.BatchID, e.Detail, e.Outcome)
	if err != nil {
		return 0, fmt.Errorf("append %s event: %w", e.Kind, err)
	}
	return res.LastInsertId()
}

// Events returns the events of the certificate the identifier belongs to (any
// of its versions), oldest first.
func (l *Ledger) Events(ctx context.Context, identifier string) ([]Event, error) {
	return l.events(ctx, eventsOfStem, stem(identifier))
}

// eventsOfStem selects a certificate's events; "stem <> ”" lets SQLite use
// the partial index events_stem (TestEventLookupsUseIndex).
const eventsOfStem = "stem <> '' AND stem = ? ORDER BY seq"

// EventsSince returns the events after seq, oldest first, at most limit of them.
func (l *Ledger) EventsSince(ctx context.Context, seq int64, limit int) ([]Event, error) {
	return l.events(ctx, "seq > ? ORDER BY seq LIMIT ?", seq, limit)
}

func (l *Ledger) events(ctx context.Context, where string, args ...any) ([]Event, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT seq, at, actor, station, kind, identifier, batch_id, detail, outcome
		FROM events WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	defer rs.Close()
	var out []Event
	for rs.Next() {
		var e Event
		var at string
		if err := rs.Scan(&e.Seq, &at, &e.Actor, &e.Station, &e.Kind, &e.Identifier, &e.BatchID, &e.Detail, &e.Outcome); err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
		e.At = parseUTC(at)
		out = append(out, e)
	}
	return out, rs.Err()
}
