package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Growing the tree ahead. A batch's close makes a signed tree head, and the
// head's transaction hashes every entry the stored tree lacks: at the end of
// a conversion that is the whole batch, hashed on one core while the other
// waits. GrowAuditWhile does that work while the rows are still being
// written. Each round reads and hashes the new entries in a read transaction
// (a snapshot beside the writers, in WAL mode), then stores their leaves and
// nodes in a short write transaction, only if the stored tree has not grown
// in between: what it stores is exactly what growTree would have stored, since
// committed entries and the rows they point at never change (their triggers).
// The head itself is still made by the close, over the same tree.

// A round costs the committer more than its entries: the write transaction
// takes the ledger's write turn and syncs the WAL while the committer waits
// for it. Rounds of at least 4,096 entries (at most 16,384) instead of 1,024
// (8,192) made 20,000 rows without PDFs 5 % faster and 100,000 rows 7 %, and
// 3,000 rows with or without PDFs no slower, although the close may now find
// up to 4,095 entries the grower left, not 1,023 (docs/BENCHMARKS.md, round 11).
const (
	growEvery = 100 * time.Millisecond // how often the grower looks for new entries
	growMin   = 4096                   // the fewest new entries worth a round
	growMax   = 16384                  // the most a round hashes (and holds the nodes of)
)

// GrowAuditWhile grows the audit tree in the background until stop is
// called. Without a head signer it does nothing: no close would grow the
// tree either. A round that fails ends the growing, rather than failing
// again every growEvery: the close's head hashes the rest and reports what
// is wrong.
func (l *Ledger) GrowAuditWhile(ctx context.Context) (stop func()) {
	if l.heads == nil {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(growEvery)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			for {
				n, err := l.growAhead(ctx, growMin)
				if err != nil {
					return
				}
				if n < growMax || stopped(quit) {
					break
				}
			}
		}
	}()
	return func() { close(quit); <-done }
}

func stopped(quit <-chan struct{}) bool {
	select {
	case <-quit:
		return true
	default:
		return false
	}
}

// growAhead stores the leaves and nodes of up to growMax entries after the
// stored tree when at least least of them are waiting; it returns how many
// it stored.
func (l *Ledger) growAhead(ctx context.Context, least int) (int, error) {
	start, size, nodes, err := l.hashAhead(ctx, least)
	if err != nil || nodes == nil {
		return 0, err
	}
	stored, err := l.storeAhead(ctx, start, nodes)
	if err != nil || !stored {
		return 0, err
	}
	return int(size - start), nil
}

// storeAhead writes nodes, hashed after a tree of start leaves, if the
// stored tree still has start leaves; otherwise another writer grew it
// meanwhile, and its nodes stand.
func (l *Ledger) storeAhead(ctx context.Context, start uint64, nodes *nodeWriter) (stored bool, err error) {
	err = l.tx(ctx, func(t *sql.Tx) error {
		var leaves uint64
		if err := t.QueryRowContext(ctx, `SELECT ifnull(max(idx) + 1, 0) FROM audit_nodes WHERE level = 0`).Scan(&leaves); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		if leaves != start {
			return nil
		}
		nodes.t, stored = t, true
		return nodes.flush(ctx, true)
	})
	return stored && err == nil, err
}

// hashAhead reads and hashes, in a read transaction, up to growMax entries
// after the stored tree of start leaves, when at least least are waiting;
// size is the tree's size with them, nodes is nil when there were too few.
func (l *Ledger) hashAhead(ctx context.Context, least int) (start, size uint64, nodes *nodeWriter, err error) {
	t, err := l.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("audit: %w", err)
	}
	defer t.Rollback()
	f, err := l.frontier(ctx, t)
	if err != nil {
		return 0, 0, nil, err
	}
	var last int64
	if err := t.QueryRowContext(ctx, `SELECT ifnull(max(seq), 0) FROM audit_entries`).Scan(&last); err != nil {
		return 0, 0, nil, fmt.Errorf("audit: %w", err)
	}
	start = f.Size()
	if last-int64(start) < int64(least) {
		return start, start, nil, nil
	}
	nodes = &nodeWriter{l: l}
	if err := appendEntries(ctx, t, f, nodes, int64(start)+growMax); err != nil {
		return 0, 0, nil, err
	}
	return start, f.Size(), nodes, nil
}
