package ledger

import (
	"context"
	"crypto"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"ezz/internal/audit"
)

// KindAuditPrune is the event a prune of the audit log records.
const KindAuditPrune = "audit-prune"

// AccessRetention is how long access entries are kept at least (R8: 3 years).
const AccessRetention = 3

// ErrRetention is returned for a prune that would cut entries still within
// their retention period.
var ErrRetention = errors.New("entries are still within their retention period")

// Prune is what PruneAudit did and what it kept.
type Prune struct {
	Before time.Time        `json:"before"`
	Pruned int64            `json:"pruned"` // access entries emptied (and their access-log rows deleted)
	Kept   map[string]int64 `json:"kept"`   // entries before the date kept, per retention class
	// PastRetention counts the lifecycle entries before the date of
	// certificates whose retention period (their catalogue's, carried in
	// the issue event) ended by then. They are kept all the same: the
	// ledger keeps every certificate's record, and its log is kept at least
	// as long as the certificate (R8).
	PastRetention int64      `json:"past_retention"`
	Event         int64      `json:"event"` // the prune's own event
	Head          audit.Head `json:"head"`  // the head made after it
}

// PruneAudit removes the bodies of the access entries older than before,
// and the access-log rows they copy, once they are past AccessRetention
// years at now. Their leaf hashes stay, so every head and proof still
// verifies; lifecycle and system entries are kept (Kept counts them). The
// prune is itself an event, and a head is signed with key after it.
func (l *Ledger) PruneAudit(ctx context.Context, before, now time.Time, actor, station string, key crypto.Signer) (Prune, error) {
	p := Prune{Before: before.UTC().Truncate(time.Second), Kept: map[string]int64{}}
	if limit := now.AddDate(-AccessRetention, 0, 0); p.Before.After(limit) {
		return p, fmt.Errorf("%w: access entries are kept %d years, so the latest cut is %s", ErrRetention, AccessRetention, utc(limit))
	}
	err := l.tx(ctx, func(t *sql.Tx) error {
		if _, err := l.seal(ctx, t, key, now); err != nil { // every entry to prune has its leaf stored
			return err
		}
		cut, err := accessCut(ctx, t, utc(p.Before))
		if err != nil {
			return err
		}
		if err := l.keptBefore(ctx, t, &p); err != nil {
			return err
		}
		if p.PastRetention, err = pastRetention(ctx, t, p.Before); err != nil {
			return err
		}
		if p.Event, err = insertEvent(ctx, t, Event{At: now, Actor: actor, Station: station, Kind: KindAuditPrune,
			Detail: jsonDetail(map[string]any{"before": utc(p.Before), "access_seq": cut})}); err != nil {
			return err
		}
		if p.Pruned, err = emptyAccess(ctx, t, p.Event, utc(p.Before), cut); err != nil {
			return err
		}
		p.Head, err = l.seal(ctx, t, key, now)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("prune audit log: %w", err)
	}
	return p, nil
}

// accessCut is the last access-log seq of the prefix of access entries all
// older than before.
func accessCut(ctx context.Context, t *sql.Tx, before string) (int64, error) {
	var cut int64
	err := t.QueryRowContext(ctx, `SELECT ifnull((SELECT min(seq) - 1 FROM access_log WHERE at >= ?),
		(SELECT ifnull(max(seq), 0) FROM access_log))`, before).Scan(&cut)
	return cut, err
}

// keptBefore counts the entries older than the cut that stay, per class.
func (l *Ledger) keptBefore(ctx context.Context, t *sql.Tx, p *Prune) error {
	rs, err := t.QueryContext(ctx, `SELECT CASE WHEN stem <> '' THEN 'lifecycle' ELSE 'system' END, count(*) FROM events
		WHERE at < ? GROUP BY 1`, utc(p.Before))
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var class string
		var n int64
		if err := rs.Scan(&class, &n); err != nil {
			return err
		}
		p.Kept[class] = n
	}
	return rs.Err()
}

// emptyAccess records the cut and empties the access entries up to it.
func emptyAccess(ctx context.Context, t *sql.Tx, event int64, before string, cut int64) (int64, error) {
	if _, err := t.ExecContext(ctx, `INSERT INTO audit_cuts (event, before, access_seq) VALUES (?, ?, ?)`, event, before, cut); err != nil {
		return 0, err
	}
	res, err := t.ExecContext(ctx, `UPDATE audit_entries SET pruned = ? WHERE source = 'access' AND source_seq <= ? AND pruned IS NULL`, event, cut)
	if err != nil {
		return 0, err
	}
	if _, err := t.ExecContext(ctx, `DELETE FROM access_log WHERE seq <= ?`, cut); err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// endedStatuses are the status codes after which a certificate is not in
// force again: 03 撤销, 04 注销, 05 失效, 07 吊销. Its retention runs from
// its last event.
const endedStatuses = `'03', '04', '05', '07'`

// pastRetention counts the lifecycle entries before before of ended
// certificates whose finite retention, counted from their last event,
// ended by before.
func pastRetention(ctx context.Context, t *sql.Tx, before time.Time) (int64, error) {
	rs, err := t.QueryContext(ctx, `SELECT r, last, n FROM (SELECT
			CASE WHEN json_valid(i.detail) THEN json_extract(i.detail, '$.retention') END AS r,
			(SELECT max(at) FROM events WHERE stem = c.stem) AS last,
			(SELECT count(*) FROM events WHERE stem = c.stem AND at < ?) AS n
		FROM certificates c JOIN events i ON i.stem = c.stem AND i.kind = '`+KindIssue+`'
		WHERE c.status IN (`+endedStatuses+`)) WHERE r IS NOT NULL AND r <> 'permanent'`, utc(before))
	if err != nil {
		return 0, fmt.Errorf("audit: retention: %w", err)
	}
	defer rs.Close()
	var past int64
	for rs.Next() {
		var r, last string
		var n int64
		if err := rs.Scan(&r, &last, &n); err != nil {
			return 0, fmt.Errorf("audit: retention: %w", err)
		}
		if end, ok := retentionEnd(parseUTC(last), r); ok && !end.After(before) {
			past += n
		}
	}
	return past, rs.Err()
}

// retentionEnd is from plus a retention period "<n>y|m|d|h"; false for
// anything else (kept for good).
func retentionEnd(from time.Time, r string) (time.Time, bool) {
	n, err := strconv.Atoi(r[:max(len(r)-1, 0)])
	if err != nil || n < 1 || from.IsZero() {
		return time.Time{}, false
	}
	switch r[len(r)-1] {
	case 'y':
		return from.AddDate(n, 0, 0), true
	case 'm':
		return from.AddDate(0, n, 0), true
	case 'd':
		return from.AddDate(0, 0, n), true
	case 'h':
		return from.Add(time.Duration(n) * time.Hour), true
	}
	return time.Time{}, false
}
