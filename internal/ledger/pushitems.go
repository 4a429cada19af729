package ledger

import (
	"context"
	"fmt"
	"time"
)

// PushItem is an outbox entry with what pushing it takes: the event that
// caused it, and the version's signed record and PDF.
type PushItem struct {
	Push
	Event   int64     // the event that enqueued it
	EventAt time.Time // when that event happened
	Station string    // the station that recorded it
	Detail  string    // the event's detail (a status change's "to" and "reason")
	Record  []byte
	PDFPath string
	PDFSM3  string
}

// Pushable returns up to limit outbox entries waiting to be pushed that the
// repository has not rejected: earliest deadline first (entries without one
// last), then oldest first.
func (l *Ledger) Pushable(ctx context.Context, limit int) ([]PushItem, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT o.id, o.identifier, o.version, o.kind, o.enqueued_at, coalesce(o.deadline, ''),
			o.event, e.at, e.station, e.detail, v.record, v.pdf_path, v.pdf_sm3
		FROM outbox o JOIN events e ON e.seq = o.event JOIN versions v ON v.identifier = o.identifier
		WHERE o.pushed_at IS NULL AND o.id NOT IN (SELECT outbox_id FROM push_rejections)
		ORDER BY o.deadline IS NULL, o.deadline, o.enqueued_at, o.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rs.Close()
	var out []PushItem
	for rs.Next() {
		var p PushItem
		var enq, dl, at string
		if err := rs.Scan(&p.ID, &p.Identifier, &p.Version, &p.Kind, &enq, &dl, &p.Event, &at, &p.Station, &p.Detail,
			&p.Record, &p.PDFPath, &p.PDFSM3); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		p.EnqueuedAt, p.Deadline, p.EventAt = parseUTC(enq), parseUTC(dl), parseUTC(at)
		p.PDFPath = l.loadPath(p.PDFPath)
		out = append(out, p)
	}
	return out, rs.Err()
}
