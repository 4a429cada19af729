package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"

	"ezz/internal/audit"
	"ezz/internal/text"
)

// entries walks every entry in order: blocks are read, matched and encoded,
// hashed by a worker per core, and appended to the tree in order.
func (v *verifier) entries(ctx context.Context, t *sql.Tx) error {
	v.headsAt(0)
	br := &blockReader{t: t}
	if err := t.QueryRowContext(ctx, `SELECT ifnull(max(seq), 0) FROM audit_entries`).Scan(&br.last); err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	raw := make(chan rawBlock, 2)
	work, order := make(chan *prepBlock, 4), make(chan *prepBlock, 8)
	readErr := make(chan error, 1)
	go func() { readErr <- br.run(ctx, raw) }()
	go v.m.run(ctx, raw, work, order)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var h audit.Hasher
			for b := range work {
				b.hash(&h)
				close(b.done)
			}
		}()
	}
	for b := range order {
		if !v.stopped {
			v.tree(b)
		}
		if v.stopped {
			cancel()
		}
	}
	wg.Wait()
	err := <-readErr
	v.r.Entries = v.f.Size()
	v.evTo, v.accTo = br.evTo, br.accTo
	if err != nil && !v.stopped {
		return err
	}
	return nil
}

// tree adds a block's findings and appends its leaves, checking each
// against its stored leaf and every head on the way.
func (v *verifier) tree(b *prepBlock) {
	<-b.done
	for _, p := range b.probs {
		v.r.add(p.code, p.entry, 0, p.msg)
	}
	for i := range b.rows {
		r := &b.rows[i]
		leaf := b.leaves[i]
		switch {
		case r.pruned:
			v.r.Pruned++
			leaf = v.prunedLeaf(r)
		case r.stored != nil && (len(r.stored) != len(leaf) || audit.Hash(r.stored) != leaf):
			v.r.add("entry-changed", int64(r.index), 0, text.F("审计条目 %d 与其存储的叶哈希不符（条目或哈希被改动）", "audit entry %d does not match its stored leaf hash (the entry or the hash was changed)", r.index))
		}
		v.f.Append(leaf)
		v.headsAt(v.f.Size())
	}
	v.stopped = b.stop
}

// prunedLeaf is the stored leaf of a pruned entry.
func (v *verifier) prunedLeaf(r *prepRow) audit.Hash {
	if len(r.stored) != len(audit.Hash{}) {
		v.r.add("leaf-missing", int64(r.index), 0, text.F("已清理的审计条目 %d 缺少叶哈希", "pruned audit entry %d has no leaf hash", r.index))
		return audit.Hash{}
	}
	return audit.Hash(r.stored)
}

// headsAt checks the roots of the heads of size leaves.
func (v *verifier) headsAt(size uint64) {
	for v.next < len(v.heads) && v.heads[v.next].Size <= size {
		h := v.heads[v.next]
		v.next++
		if h.Size < size || v.badSig[h.ID] {
			continue // out of order or not signed: reported by checkHeads
		}
		if root := v.f.Root(); root != h.Root {
			if v.badRoot < 0 {
				v.badRoot = int64(v.goodUpTo)
			}
			v.r.add("head-root", -1, h.ID, text.F("条目 %d 至 %d 算出的根与签名树头 %d 不符：其间有条目被改动、插入、删除或调换", "entries %d to %d do not give the root of tree head %d: an entry among them was changed, inserted, deleted or moved", v.goodUpTo, size-1, h.ID))
			continue
		}
		v.goodUpTo = size
		v.r.Sealed = size
	}
}

// unloggedTail reports the rows after the last ones read, and those read
// but matched with no entry: written while the audit trigger was dropped,
// or inserted into the file.
func (v *verifier) unloggedTail(ctx context.Context, t *sql.Tx) error {
	for _, p := range v.m.tail {
		v.r.add(p.code, p.entry, 0, p.msg)
	}
	for src, c := range [srcKinds]struct {
		table string
		from  int64
	}{{"events", v.evTo}, {"access_log", v.accTo}} {
		var n, first int64
		if err := t.QueryRowContext(ctx, `SELECT count(*), ifnull(min(seq), 0) FROM `+c.table+` WHERE seq > ?`, c.from).Scan(&n, &first); err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		if n > 0 {
			v.r.add("entry-unlogged", int64(v.f.Size()), 0, text.F("%s %d（共 %d 行）不在审计日志中（审计触发器曾被删除？）", "%s %d (%d rows in all) is not in the audit log (was the audit trigger dropped?)", sourceNames[src], first, n))
		}
	}
	return nil
}
