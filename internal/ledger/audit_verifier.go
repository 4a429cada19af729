package ledger

import (
	"context"
	"database/sql"
	"fmt"

	"ezz/internal/audit"
	"ezz/internal/text"
)

// verifier walks the entries once, in order, keeping the tree's frontier.
type verifier struct {
	r        *AuditReport
	f        audit.Frontier
	heads    []StoredHead
	next     int                      // the first head whose size is not reached yet
	nodes    map[[2]uint64]audit.Hash // stored nodes above the leaves
	m        matcher                  // matches entries with their rows, in order
	goodUpTo uint64                   // the size of the last head whose root matched
	badRoot  int64                    // goodUpTo when a later head's root did not match, else -1
	badSig   map[int64]bool           // heads whose signature does not verify
	stopped  bool                     // the walk stopped at a gap
	evTo     int64                    // the events read: seqs up to this
	accTo    int64                    // the access-log rows read
}

type cut struct {
	before    string
	accessSeq int64
}

func newVerifier(ctx context.Context, t *sql.Tx, r *AuditReport, keys KeyLookup) (*verifier, error) {
	v := &verifier{r: r, nodes: map[[2]uint64]audit.Hash{}, badRoot: -1, badSig: map[int64]bool{}}
	var err error
	if v.heads, err = heads(ctx, t, "ORDER BY id"); err != nil {
		return nil, err
	}
	r.Heads = len(v.heads)
	v.checkHeads(keys)
	if err := v.loadNodes(ctx, t); err != nil {
		return nil, err
	}
	if err := v.loadCuts(ctx, t); err != nil {
		return nil, err
	}
	v.f.OnNode = v.checkNode
	return v, nil
}

// checkHeads checks each head's signature, and that heads follow one
// another in id, size and time.
func (v *verifier) checkHeads(keys KeyLookup) {
	for i, h := range v.heads {
		if h.ID != int64(i+1) {
			v.r.add("head-missing", -1, h.ID, text.F("签名树头 %d 之前缺少树头（被删除）", "tree heads before head %d are missing (deleted)", h.ID))
		}
		if i > 0 && (h.Size < v.heads[i-1].Size || h.Time.Before(v.heads[i-1].Time)) {
			v.r.add("head-order", -1, h.ID, text.F("签名树头 %d（%d 条）早于或小于前一个树头", "tree head %d (size %d) is smaller or older than the head before it", h.ID, h.Size))
		}
		pub, err := keys.Lookup(h.KeyID)
		if err == nil {
			err = h.Verify(pub)
		}
		if err != nil {
			v.badSig[h.ID] = true
			v.r.add("head-signature", -1, h.ID, text.F("签名树头 %d（%d 条）的签名无效：%v", "tree head %d (size %d): the signature does not verify: %v", h.ID, h.Size, err))
		}
	}
}

func (v *verifier) loadNodes(ctx context.Context, t *sql.Tx) error {
	rs, err := t.QueryContext(ctx, `SELECT level, idx, hash FROM audit_nodes WHERE level > 0`)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var level, idx uint64
		var b []byte
		if err := rs.Scan(&level, &idx, &b); err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		var h audit.Hash
		copy(h[:], b)
		v.nodes[[2]uint64{level, idx}] = h
	}
	return rs.Err()
}

func (v *verifier) loadCuts(ctx context.Context, t *sql.Tx) error {
	rs, err := t.QueryContext(ctx, `SELECT before, access_seq FROM audit_cuts ORDER BY access_seq`)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var c cut
		if err := rs.Scan(&c.before, &c.accessSeq); err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		v.m.cuts = append(v.m.cuts, c)
	}
	return rs.Err()
}

// checkNode compares a node the walk completed with the stored one, which
// inclusion and consistency proofs are made from.
func (v *verifier) checkNode(level uint, index uint64, h audit.Hash) {
	if level == 0 || !audit.Stored(level) {
		return
	}
	k := [2]uint64{uint64(level), index}
	if s, ok := v.nodes[k]; ok {
		if s != h {
			first := int64(index << level)
			v.r.add("node-changed", -1, 0, text.F("存储的树节点 %d/%d（条目 %d 起）与重新计算的不符", "stored tree node %d/%d (from entry %d) differs from the recomputed one", level, index, first))
		}
		delete(v.nodes, k)
	}
}
