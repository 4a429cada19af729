package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"ezz/internal/audit"
)

type scanner interface{ Scan(dest ...any) error }

// scanEntry reads one row of entryColumns; the body of a pruned entry is empty.
func scanEntry(s scanner) (AuditEntry, error) { return scanEntryLeaf(s) }

// scanEntryLeaf is scanEntry of a row with more columns after the entry's.
func scanEntryLeaf(s scanner, more ...any) (AuditEntry, error) {
	var e AuditEntry
	var seq int64
	if err := s.Scan(append([]any{&seq, &e.Source, &e.SourceSeq, &e.At, &e.Retention, &e.Operator, &e.Station, &e.Action,
		&e.Subject, &e.Batch, &e.Outcome, &e.Detail, &e.Pruned, &e.found}, more...)...); err != nil {
		return e, fmt.Errorf("audit: read entry: %w", err)
	}
	if seq < 1 {
		return e, fmt.Errorf("audit: entry seq %d", seq)
	}
	e.Index = uint64(seq - 1)
	return e, nil
}

// AuditEntry is an entry as stored: Pruned when its body was removed.
type AuditEntry struct {
	audit.Entry
	Pruned bool
	found  bool // its event or access-log row is in the ledger
}

// lastHead is the latest tree head, or the zero head when none was made.
func lastHead(ctx context.Context, q querier) (audit.Head, error) {
	hs, err := heads(ctx, q, "ORDER BY id DESC LIMIT 1")
	if err != nil || len(hs) == 0 {
		return audit.Head{}, err
	}
	return hs[0].Head, nil
}

// StoredHead is a tree head with its row id.
type StoredHead struct {
	ID int64
	audit.Head
}

func heads(ctx context.Context, q querier, tail string, args ...any) ([]StoredHead, error) {
	rs, err := q.QueryContext(ctx, `SELECT id, size, root, at, key_id, signature FROM audit_heads `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: read tree heads: %w", err)
	}
	defer rs.Close()
	var out []StoredHead
	for rs.Next() {
		var h StoredHead
		var root []byte
		var at string
		if err := rs.Scan(&h.ID, &h.Size, &root, &at, &h.KeyID, &h.Signature); err != nil {
			return nil, fmt.Errorf("audit: read tree heads: %w", err)
		}
		copy(h.Root[:], root)
		if len(root) != len(h.Root) {
			h.Root = audit.Hash{} // never a real root: the head fails its signature check
		}
		h.Time = parseUTC(at)
		out = append(out, h)
	}
	return out, rs.Err()
}

// Heads returns every tree head, oldest first.
func (l *Ledger) Heads(ctx context.Context) ([]StoredHead, error) {
	return heads(ctx, l.db, "ORDER BY id")
}

// LatestHead returns the latest tree head; ErrNotFound when none was made.
func (l *Ledger) LatestHead(ctx context.Context) (audit.Head, error) {
	h, err := lastHead(ctx, l.db)
	if err == nil && h.Signature == nil {
		err = fmt.Errorf("no signed tree head yet: %w", ErrNotFound)
	}
	return h, err
}

// HeadOfSize returns the latest head of a tree of size entries.
func (l *Ledger) HeadOfSize(ctx context.Context, size uint64) (audit.Head, error) {
	hs, err := heads(ctx, l.db, "WHERE size = ? ORDER BY id DESC LIMIT 1", size)
	if err != nil {
		return audit.Head{}, err
	}
	if len(hs) == 0 {
		return audit.Head{}, fmt.Errorf("no tree head of size %d: %w", size, ErrNotFound)
	}
	return hs[0].Head, nil
}

// AuditEntryAt returns the entry at leaf index.
func (l *Ledger) AuditEntryAt(ctx context.Context, index uint64) (AuditEntry, error) {
	e, err := scanEntry(l.db.QueryRowContext(ctx, `SELECT `+entryColumns+entryFrom+` WHERE a.seq = ?`, index+1))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("audit entry %d: %w", index, ErrNotFound)
	}
	return e, err
}

// AuditNodes reads the stored tree for proofs.
func (l *Ledger) AuditNodes(ctx context.Context) audit.Nodes { return txNodes(ctx, l.db) }

// LeafHash is the stored hash of leaf index (kept when the entry is pruned).
func (l *Ledger) LeafHash(ctx context.Context, index uint64) (audit.Hash, error) {
	return txNodes(ctx, l.db)(0, index)
}

// InclusionProof proves entry index is in the tree of head.
func (l *Ledger) InclusionProof(ctx context.Context, index uint64, head audit.Head) ([]audit.Hash, error) {
	return audit.InclusionProof(index, head.Size, l.AuditNodes(ctx))
}

// ConsistencyProof proves the tree of new extends the tree of old.
func (l *Ledger) ConsistencyProof(ctx context.Context, old, new audit.Head) ([]audit.Hash, error) {
	return audit.ConsistencyProof(old.Size, new.Size, l.AuditNodes(ctx))
}
