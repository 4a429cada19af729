package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"ezz/internal/audit"
)

// AuditIndexOfEvent is the leaf index of the entry that copies event seq.
// Entries copy events in event order, so it is found by bisecting the
// entries: O(log n) look-ups by rowid, without an index to slow the inserts.
func (l *Ledger) AuditIndexOfEvent(ctx context.Context, seq int64) (uint64, error) {
	var n int64
	if err := l.db.QueryRowContext(ctx, `SELECT ifnull(max(seq), 0) FROM audit_entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("audit: %w", err)
	}
	lo, hi := int64(1), n // the entry is in [lo, hi]
	for lo <= hi {
		mid := lo + (hi-lo)/2
		at, src, err := l.eventEntryFrom(ctx, mid)
		if err != nil {
			return 0, err
		}
		switch {
		case at == 0 || src > seq || at > hi:
			hi = mid - 1
		case src == seq:
			return uint64(at - 1), nil
		default:
			lo = at + 1
		}
	}
	return 0, fmt.Errorf("audit entry of event %d: %w", seq, ErrNotFound)
}

// eventEntryFrom is the first event entry at or after entry seq from, and
// the event it copies; 0, 0 when there is none.
func (l *Ledger) eventEntryFrom(ctx context.Context, from int64) (seq, src int64, err error) {
	err = l.db.QueryRowContext(ctx, `SELECT seq, source_seq FROM audit_entries WHERE seq >= ? AND source = 'event' ORDER BY seq LIMIT 1`, from).
		Scan(&seq, &src)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return seq, src, err
}

// AuditEntries calls fn for each entry whose time is in [from, to) (zero
// times leave that side open), in order, with its stored leaf hash (zero
// while the entry is not yet in a head's tree).
func (l *Ledger) AuditEntries(ctx context.Context, from, to time.Time, fn func(AuditEntry, audit.Hash) error) error {
	lo, hi := "", "9999"
	if !from.IsZero() {
		lo = utc(from)
	}
	if !to.IsZero() {
		hi = utc(to)
	}
	rs, err := l.db.QueryContext(ctx, `SELECT `+entryColumns+`, n.hash`+entryFrom+`
		LEFT JOIN audit_nodes n ON n.level = 0 AND n.idx = a.seq - 1 WHERE `+entryAt+` >= ? AND `+entryAt+` < ? ORDER BY a.seq`, lo, hi)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var leaf []byte
		e, err := scanEntryLeaf(rs, &leaf)
		if err != nil {
			return err
		}
		var h audit.Hash
		copy(h[:], leaf)
		if err := fn(e, h); err != nil {
			return err
		}
	}
	return rs.Err()
}

// AuditLeaves returns the stored leaf hashes of the first n entries.
func (l *Ledger) AuditLeaves(ctx context.Context, n uint64) ([]audit.Hash, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT idx, hash FROM audit_nodes WHERE level = 0 AND idx < ? ORDER BY idx`, n)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rs.Close()
	out := make([]audit.Hash, 0, n)
	for rs.Next() {
		var idx uint64
		var b []byte
		if err := rs.Scan(&idx, &b); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		if idx != uint64(len(out)) || len(b) != len(audit.Hash{}) {
			return nil, fmt.Errorf("audit: leaf %d is missing or damaged (run ezz audit verify)", len(out))
		}
		out = append(out, audit.Hash(b))
	}
	if uint64(len(out)) != n {
		return nil, fmt.Errorf("audit: %d leaves stored, want %d (run ezz audit verify)", len(out), n)
	}
	return out, rs.Err()
}

// EachVersionIssued calls fn for each version issued in [from, to) (UTC
// RFC 3339 or "" for open), in the order they were issued.
func (l *Ledger) EachVersionIssued(ctx context.Context, from, to string, fn func(Version) error) error {
	if to == "" {
		to = "9999"
	}
	rs, err := l.db.QueryContext(ctx, `SELECT identifier, version, record, pdf_path, pdf_sm3, issued_at FROM versions
		WHERE issued_at >= ? AND issued_at < ? ORDER BY issued_at, identifier`, from, to)
	if err != nil {
		return fmt.Errorf("versions issued: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		v, err := l.scanVersion(rs)
		if err != nil {
			return fmt.Errorf("versions issued: %w", err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rs.Err()
}
