package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// KindLifecycle is the event of a lifecycle change (docs/ledger.md): a status
// change, a pledge or its release, an inspection, or a new version.
const KindLifecycle = "lifecycle"

// State is a certificate's lifecycle state as the ledger keeps it.
type State struct {
	Status  string // two-digit status code
	Pledged bool
}

// Decide is the lifecycle's rule: the state an action leads to from cur, or
// why it is refused. It runs inside the change's transaction, on the state
// as committed, so two processes never both act on a stale state.
type Decide func(cur State) (State, error)

// Change is one lifecycle change of a certificate.
type Change struct {
	Identifier string // any version's identifier
	Action     string // the lifecycle action, e.g. "revoke"
	Reason     string
	Actor      string
	Station    string
	At         time.Time
	Deadline   time.Time      // push deadline of the outbox entry
	Detail     map[string]any // more detail for the event (e.g. the inspection result)
	Decide     Decide
	Row        *ChangeRow // the bulk-change workbook row this applies, or nil
}

// ChangeRow names a row of a bulk-change workbook.
type ChangeRow struct {
	WorkbookSM3 string
	Key         string
}

// Changed is what a committed change did.
type Changed struct {
	Event      int64
	Identifier string // the current version's identifier
	From, To   State
}

// Errors of lifecycle changes, for errors.Is.
var (
	ErrRowApplied = errors.New("workbook row already applied")                       // a rerun or a resumed run
	ErrStale      = errors.New("the certificate changed while the version was made") // rebuild and retry
)

// ApplyChange records a lifecycle change in one transaction: its event, the
// new state and an outbox entry with its deadline (and the workbook row, if
// any). A refusal by Decide is returned as it is, and nothing is written.
func (l *Ledger) ApplyChange(ctx context.Context, c Change) (Changed, error) {
	var out Changed
	if c.Decide == nil || c.Reason == "" || c.Action == "" {
		return out, errors.New("lifecycle change: an action, a reason and a rule are required")
	}
	err := l.tx(ctx, func(t *sql.Tx) error {
		if err := rowPending(ctx, t, c.Row); err != nil {
			return err
		}
		cur, version, from, err := stateOf(ctx, t, c.Identifier)
		if err != nil {
			return err
		}
		to, err := c.Decide(from)
		if err != nil {
			return err
		}
		out = Changed{Identifier: cur, From: from, To: to}
		out.Event, err = insertEvent(ctx, t, Event{At: c.At, Actor: c.Actor, Station: c.Station, Kind: KindLifecycle,
			Identifier: cur, Detail: jsonDetail(changeDetail(c, from, to))})
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE certificates SET status = ?, status_reason = ?, pledged = ?, updated_at = ?,
			last_event = ? WHERE identifier = ?`, to.Status, c.Reason, to.Pledged, utc(c.At), out.Event, cur); err != nil {
			return err
		}
		if err := enqueueDue(ctx, t, cur, version, KindLifecycle, c.At, c.Deadline, out.Event); err != nil {
			return err
		}
		return rowApplied(ctx, t, c.Row, cur, out.Event, c.At)
	})
	if err != nil {
		return Changed{}, fmt.Errorf("%s %s: %w", c.Action, c.Identifier, err)
	}
	return out, nil
}

func changeDetail(c Change, from, to State) map[string]any {
	d := map[string]any{"action": c.Action, "from": from.Status, "to": to.Status, "reason": c.Reason,
		"pledged": to.Pledged, "deadline": utc(c.Deadline)}
	for k, v := range c.Detail {
		d[k] = v
	}
	if c.Row != nil {
		d["workbook_sm3"], d["row"] = c.Row.WorkbookSM3, c.Row.Key
	}
	return d
}

// stateOf is the current identifier, version and state of the certificate one
// of whose versions has the identifier.
func stateOf(ctx context.Context, q querier, identifier string) (cur string, version int, s State, err error) {
	err = q.QueryRowContext(ctx, "SELECT identifier, version, status, pledged FROM certificates WHERE stem = ?", stem(identifier)).
		Scan(&cur, &version, &s.Status, &s.Pledged)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return cur, version, s, err
}

// enqueueDue adds an outbox entry with its push deadline.
func enqueueDue(ctx context.Context, t *sql.Tx, identifier string, version int, kind string, at, deadline time.Time, ev int64) error {
	var dl any
	if !deadline.IsZero() {
		dl = utc(deadline)
	}
	_, err := t.ExecContext(ctx, `INSERT INTO outbox (identifier, version, kind, enqueued_at, deadline, event) VALUES (?, ?, ?, ?, ?, ?)`,
		identifier, version, kind, utc(at), dl, ev)
	if err != nil {
		return fmt.Errorf("enqueue push: %w", err)
	}
	return nil
}

// StateOf is the current state of the certificate one of whose versions has
// the identifier, with its current identifier.
func (l *Ledger) StateOf(ctx context.Context, identifier string) (current string, s State, err error) {
	current, _, s, err = stateOf(ctx, l.db, identifier)
	if err != nil {
		return "", s, fmt.Errorf("look up %s: %w", identifier, err)
	}
	return current, s, nil
}
