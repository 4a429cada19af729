package ledger

import (
	"context"
	"crypto"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"ezz/internal/audit"
)

// HeadInterval is the longest a changing log goes without a signed tree
// head: the first write transaction after it makes one (docs/audit.md).
const HeadInterval = time.Hour

// headSigner makes the tree heads of a Ledger that has the issuing key.
type headSigner struct {
	key     crypto.Signer
	now     func() time.Time
	checked atomic.Int64 // audit entries up to this seq were looked at for head triggers; -1: not yet
}

// SetHeadSigner gives the ledger the unlocked issuing key: from then on a
// write transaction that closes a batch or records a push, or that comes
// HeadInterval after the last head while entries are waiting, makes a
// signed tree head before it commits. Without it no head is made; the next
// ledger with a signer catches up.
func (l *Ledger) SetHeadSigner(key crypto.Signer, now func() time.Time) {
	s := &headSigner{key: key, now: now}
	s.checked.Store(-1)
	l.heads = s
}

// headTriggers are the event kinds whose transaction makes a head. A conversion
// ends with its push deadline, after the batch close: that event seals too, so no
// conversion leaves its last entries outside every signed head.
var headTriggers = []string{KindBatchClose, KindDeadline, KindPush}

// sealDue makes a head within t when one is due (see SetHeadSigner). It
// returns the newest entry it looked at, for finish to keep with looked once
// t has committed, never before: a transaction that rolls back (a failed
// signature, a failed commit) leaves its sequence numbers to the next one,
// whose entries — a retried batch close among them — must be looked at again.
func (l *Ledger) sealDue(ctx context.Context, t *sql.Tx) (int64, error) {
	s := l.heads
	if s == nil {
		return -1, nil
	}
	last, err := lastHead(ctx, t)
	if err != nil {
		return -1, err
	}
	from := s.checked.Load()
	if from < 0 {
		from = int64(last.Size)
	}
	var newest int64
	var trigger bool
	q := `SELECT ifnull(max(a.seq), 0), ifnull(max(e.kind IN ('` + strings.Join(headTriggers, "', '") + `')), 0) FROM audit_entries a
		LEFT JOIN events e ON a.source = 'event' AND e.seq = a.source_seq WHERE a.seq > ?`
	if err := t.QueryRowContext(ctx, q, from).Scan(&newest, &trigger); err != nil {
		return -1, fmt.Errorf("audit: %w", err)
	}
	if newest == 0 || newest <= int64(last.Size) {
		return -1, nil
	}
	if !trigger && !last.Time.IsZero() && s.now().Sub(last.Time) < HeadInterval {
		return max(newest, from), nil
	}
	if _, err = l.seal(ctx, t, s.key, s.now()); err != nil {
		return -1, err
	}
	return max(newest, from), nil
}

// looked records that the committed entries up to seq were looked at for
// head triggers. It only moves forward: transactions of one ledger may
// finish in another order than they committed.
func (s *headSigner) looked(seq int64) {
	if s == nil {
		return
	}
	for {
		old := s.checked.Load()
		if seq <= old || s.checked.CompareAndSwap(old, seq) {
			return
		}
	}
}

// MakeHead makes a signed tree head of every entry now, unless the last
// head already covers them all; it returns the latest head.
func (l *Ledger) MakeHead(ctx context.Context, key crypto.Signer, now time.Time) (audit.Head, error) {
	var h audit.Head
	err := l.tx(ctx, func(t *sql.Tx) (err error) {
		h, err = l.seal(ctx, t, key, now)
		return err
	})
	return h, err
}

// seal hashes the entries not yet in the tree, stores their leaves and
// nodes, and signs a head of the whole tree if it grew.
func (l *Ledger) seal(ctx context.Context, t *sql.Tx, key crypto.Signer, now time.Time) (audit.Head, error) {
	last, err := lastHead(ctx, t)
	if err != nil {
		return last, err
	}
	f, err := l.frontier(ctx, t)
	if err != nil {
		return last, err
	}
	if err := l.growTree(ctx, t, f); err != nil {
		return last, err
	}
	if f.Size() == last.Size && last.Signature != nil {
		return last, nil
	}
	h, err := audit.SignHead(f.Size(), f.Root(), now, key)
	if err != nil {
		return last, err
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO audit_heads (size, root, at, key_id, signature) VALUES (?, ?, ?, ?, ?)`,
		h.Size, h.Root[:], utc(h.Time), h.KeyID, []byte(h.Signature)); err != nil {
		return last, fmt.Errorf("audit: store tree head: %w", err)
	}
	return h, nil
}

// frontier is the compact range of the stored tree.
func (l *Ledger) frontier(ctx context.Context, t *sql.Tx) (*audit.Frontier, error) {
	var leaves uint64
	if err := t.QueryRowContext(ctx, `SELECT ifnull(max(idx) + 1, 0) FROM audit_nodes WHERE level = 0`).Scan(&leaves); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return audit.FrontierAt(leaves, txNodes(ctx, t))
}

// growTree appends the entries after the stored tree to f and stores the
// leaves and nodes they complete.
func (l *Ledger) growTree(ctx context.Context, t *sql.Tx, f *audit.Frontier) error {
	nodes := &nodeWriter{l: l, t: t}
	if err := appendEntries(ctx, t, f, nodes, math.MaxInt64); err != nil {
		return err
	}
	return nodes.flush(ctx, true)
}

// appendEntries appends the entries after f, up to seq upTo, to f; the
// nodes they complete go to nodes, written block by block when nodes has a
// transaction, held otherwise. It reads as verify does (audit_walk.go):
// blocks of entries and of the rows they point at, by range scans, and
// refuses to hash an entry whose row is missing, moved or pruned.
func appendEntries(ctx context.Context, t *sql.Tx, f *audit.Frontier, nodes *nodeWriter, upTo int64) error {
	f.OnNode = func(level uint, index uint64, h audit.Hash) {
		if audit.Stored(level) {
			nodes.rows = append(nodes.rows, treeNode{level, index, h})
		}
	}
	br := &blockReader{t: t, noLeaves: true}
	var m matcher
	m.next = f.Size()
	err := t.QueryRowContext(ctx, `SELECT ifnull(max(seq), 0),
		ifnull((SELECT source_seq FROM audit_entries WHERE seq <= ?1 AND source = 'event' ORDER BY seq DESC LIMIT 1), 0),
		ifnull((SELECT source_seq FROM audit_entries WHERE seq <= ?1 AND source = 'access' ORDER BY seq DESC LIMIT 1), 0)
		FROM audit_entries`, f.Size()).Scan(&br.last, &br.evTo, &br.accTo)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	br.last = min(br.last, upTo)
	m.lastSeq = [srcKinds]int64{br.evTo, br.accTo}
	if br.last > int64(f.Size()) {
		if err := br.prepare(ctx); err != nil {
			return err
		}
	}
	var h audit.Hasher
	for lo := int64(f.Size()) + 1; lo <= br.last; lo += walkBlock {
		raw, err := br.read(ctx, lo, min(lo+walkBlock-1, br.last))
		if err != nil {
			return err
		}
		b := m.prepare(raw)
		if len(b.probs) > 0 || b.stop || len(b.rows) != int(raw.hi-raw.lo+1) {
			return fmt.Errorf("audit: entries from %d cannot be hashed (run ezz audit verify)", raw.lo)
		}
		b.hash(&h)
		for i := range b.rows {
			if b.rows[i].pruned {
				return fmt.Errorf("audit: entry %d is pruned but has no leaf (run ezz audit verify)", b.rows[i].index)
			}
			f.Append(b.leaves[i])
		}
		if nodes.t != nil {
			if err := nodes.flush(ctx, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// treeNode is a stored node of the audit tree, waiting to be inserted.
type treeNode struct {
	level uint
	index uint64
	hash  audit.Hash
}

// nodeWriter inserts the tree nodes growTree completes as they come, 128
// rows a statement, so that sealing a large batch holds one block's nodes in
// memory, not the whole batch's. The statements are prepared once per
// Ledger: the rest of a flush goes in statements of powers of two rows.
type nodeWriter struct {
	l    *Ledger
	t    *sql.Tx
	rows []treeNode
	args []any
}

// nodeChunks are the row counts of the node statements, largest first.
var nodeChunks = []int{128, 64, 32, 16, 8, 4, 2, 1}

// nodeQueries is the statement of each chunk size.
var nodeQueries = func() map[int]string {
	m := map[int]string{}
	for _, n := range nodeChunks {
		m[n] = "INSERT INTO audit_nodes (level, idx, hash) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")
	}
	return m
}()

// flush inserts the full statements' worth of waiting nodes, and with all the
// rest as well.
func (w *nodeWriter) flush(ctx context.Context, all bool) error {
	for len(w.rows) >= nodeChunks[0] || all && len(w.rows) > 0 {
		n := nodeChunks[0]
		for n > len(w.rows) {
			n /= 2
		}
		w.args = w.args[:0]
		for i := range w.rows[:n] {
			r := &w.rows[i]
			w.args = append(w.args, r.level, r.index, r.hash[:])
		}
		p, err := w.l.prepared(ctx, nodeQueries[n])
		if err == nil {
			_, err = w.t.StmtContext(ctx, p).ExecContext(ctx, w.args...)
		}
		if err != nil {
			return fmt.Errorf("audit: store tree nodes: %w", err)
		}
		w.rows = append(w.rows[:0], w.rows[n:]...)
	}
	return nil
}

// txNodes reads stored nodes within t.
func txNodes(ctx context.Context, q querier) audit.Sparse {
	return func(level uint, index uint64) (audit.Hash, error) {
		var b []byte
		err := q.QueryRowContext(ctx, `SELECT hash FROM audit_nodes WHERE level = ? AND idx = ?`, level, index).Scan(&b)
		var h audit.Hash
		if errors.Is(err, sql.ErrNoRows) {
			return h, fmt.Errorf("audit: tree node %d/%d is missing", level, index)
		}
		if err != nil {
			return h, fmt.Errorf("audit: %w", err)
		}
		if len(b) != len(h) {
			return h, fmt.Errorf("audit: tree node %d/%d is %d bytes", level, index, len(b))
		}
		copy(h[:], b)
		return h, nil
	}
}
