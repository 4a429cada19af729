package ledger

import (
	"context"
	"database/sql"
	"fmt"

	"ezz/internal/audit"
	"ezz/internal/text"
)

// walkQuery reads each entry with the event or access-log row it copies and
// its stored leaf hash.
const walkQuery = `SELECT a.seq, a.source, a.source_seq, a.at, a.retention, ifnull(a.operator, ''), ifnull(a.station, ''),
	ifnull(a.action, ''), ifnull(a.subject, ''), ifnull(a.batch, ''), ifnull(a.outcome, ''), ifnull(a.detail, ''),
	a.pruned IS NOT NULL,
	ifnull(e.seq, 0), ifnull(e.at, ''), ifnull(e.actor, ''), ifnull(e.station, ''), ifnull(e.kind, ''),
	ifnull(e.identifier, ''), ifnull(e.batch_id, ''), ifnull(e.outcome, ''), ifnull(e.detail, ''), ifnull(e.stem, ''),
	ifnull(x.seq, 0), ifnull(x.at, ''), ifnull(x.actor, ''), ifnull(x.station, ''), ifnull(x.action, ''),
	ifnull(x.subject, ''), ifnull(x.result, ''),
	n.hash
FROM audit_entries a
LEFT JOIN events e ON a.source = 'event' AND e.seq = a.source_seq
LEFT JOIN access_log x ON a.source = 'access' AND x.seq = a.source_seq
LEFT JOIN audit_nodes n ON n.level = 0 AND n.idx = a.seq - 1
ORDER BY a.seq`

// walkRow is one row of walkQuery.
type walkRow struct {
	seq    int64
	e      audit.Entry
	pruned bool
	src    audit.Entry // the entry the source row gives
	srcSeq int64       // 0 when the source row is gone
	stem   string
	xSeq   int64
	leaf   []byte
}

func (w *walkRow) scan(rs *sql.Rows) error {
	e, s := &w.e, &w.src
	var xat, xactor, xstation, xaction, xsubject, xresult string
	err := rs.Scan(&w.seq, &e.Source, &e.SourceSeq, &e.At, &e.Retention, &e.Operator, &e.Station, &e.Action,
		&e.Subject, &e.Batch, &e.Outcome, &e.Detail, &w.pruned,
		&w.srcSeq, &s.At, &s.Operator, &s.Station, &s.Action, &s.Subject, &s.Batch, &s.Outcome, &s.Detail, &w.stem,
		&w.xSeq, &xat, &xactor, &xstation, &xaction, &xsubject, &xresult, &w.leaf)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	e.Index = uint64(w.seq - 1)
	s.Index, s.Source, s.SourceSeq = e.Index, e.Source, e.SourceSeq
	if e.Source == audit.SourceAccess {
		w.srcSeq = w.xSeq
		*s = audit.Entry{Index: e.Index, Source: e.Source, SourceSeq: e.SourceSeq, At: xat, Retention: audit.RetainAccess,
			Operator: xactor, Station: xstation, Action: xaction, Subject: xsubject, Outcome: xresult, Detail: "{}"}
		return nil
	}
	s.Retention = audit.RetainSystem
	if w.stem != "" {
		s.Retention = audit.RetainLifecycle
	}
	return nil
}

// entries walks every entry in order.
func (v *verifier) entries(ctx context.Context, t *sql.Tx) error {
	v.headsAt(0)
	rs, err := t.QueryContext(ctx, walkQuery)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	defer rs.Close()
	var w walkRow
	for rs.Next() {
		if err := w.scan(rs); err != nil {
			return err
		}
		if w.seq != int64(v.f.Size())+1 {
			v.r.add("entry-missing", int64(v.f.Size()), 0, text.F("审计条目 %d 缺失（下一个是 %d）", "audit entry %d is missing (the next one is %d)", v.f.Size(), w.seq-1))
			v.stopped = true
			return nil // the tree cannot be rebuilt past a gap
		}
		v.entry(&w)
		v.headsAt(v.f.Size())
	}
	v.r.Entries = v.f.Size()
	return rs.Err()
}

// entry checks one entry and appends its leaf.
func (v *verifier) entry(w *walkRow) {
	i := int64(w.e.Index)
	if w.e.SourceSeq <= v.lastSeq[w.e.Source] {
		v.r.add("entry-order", i, 0, text.F("审计条目 %d 的顺序不对（%s %d 在 %d 之后）", "audit entry %d is out of order (%s %d after %d)", i, w.e.Source, w.e.SourceSeq, v.lastSeq[w.e.Source]))
	}
	v.lastSeq[w.e.Source] = max(v.lastSeq[w.e.Source], w.e.SourceSeq)
	if w.srcSeq != 0 {
		v.matched[w.e.Source]++
	}
	var leaf audit.Hash
	if w.pruned {
		v.r.Pruned++
		leaf = v.prunedLeaf(w)
	} else {
		v.compareSource(w)
		v.buf = w.e.Encode(v.buf[:0])
		leaf = v.h.Leaf(v.buf)
		if w.leaf != nil && (len(w.leaf) != len(leaf) || audit.Hash(w.leaf) != leaf) {
			v.r.add("entry-changed", i, 0, text.F("审计条目 %d 与其存储的叶哈希不符（条目或哈希被改动）", "audit entry %d does not match its stored leaf hash (the entry or the hash was changed)", i))
		}
	}
	v.f.Append(leaf)
}

// compareSource checks the entry against the event or access-log row it copies.
func (v *verifier) compareSource(w *walkRow) {
	i := int64(w.e.Index)
	switch {
	case w.srcSeq == 0:
		v.r.add("source-missing", i, 0, text.F("审计条目 %d 所记录的%s %d 已不在台账中（被删除）", "audit entry %d: %s %d it records is no longer in the ledger (deleted)", i, sourceName(w.e.Source), w.e.SourceSeq))
	case w.src != w.e:
		v.r.add("entry-changed", i, 0, text.F("审计条目 %d 与台账中的%s %d 不一致（其一被改动）", "audit entry %d differs from %s %d in the ledger (one of them was changed)", i, sourceName(w.e.Source), w.e.SourceSeq))
	}
}

func sourceName(source string) text.T {
	if source == audit.SourceAccess {
		return text.New("访问日志条目", "access-log entry")
	}
	return text.New("事件", "event")
}

// prunedLeaf is the stored leaf of a pruned entry, after checking a prune
// covers it.
func (v *verifier) prunedLeaf(w *walkRow) audit.Hash {
	i := int64(w.e.Index)
	covered := false
	for _, c := range v.cuts {
		if w.e.Retention == audit.RetainAccess && w.e.Source == audit.SourceAccess && w.e.SourceSeq <= c.accessSeq && w.e.At < c.before {
			covered = true
			break
		}
	}
	if !covered {
		v.r.add("prune-unrecorded", i, 0, text.F("审计条目 %d 的内容被删除，但没有覆盖它的清理记录", "audit entry %d was emptied without a prune that covers it", i))
	}
	if len(w.leaf) != len(audit.Hash{}) {
		v.r.add("leaf-missing", i, 0, text.F("已清理的审计条目 %d 缺少叶哈希", "pruned audit entry %d has no leaf hash", i))
		return audit.Hash{}
	}
	return audit.Hash(w.leaf)
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
