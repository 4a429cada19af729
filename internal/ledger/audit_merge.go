package ledger

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"ezz/internal/audit"
	"ezz/internal/text"
)

// srcRow is an event or access-log row: the body of an entry.
type srcRow struct {
	seq       int64
	at, class string // class: the retention class the row's entry must have
	body      audit.Entry
	used      bool  // an entry was matched with it
	skipped   int64 // the first entry read past it, or -1
	block     int   // the block it was read for
}

// problem is a finding of the matcher, added to the report in order.
type problem struct {
	code  string
	entry int64
	msg   text.T
}

// prepBlock is a block matched and encoded, waiting for its leaves.
type prepBlock struct {
	rows   []prepRow
	enc    []byte
	leaves []audit.Hash
	probs  []problem
	stop   bool // the walk ends after rows: a gap, or unreadable entries
	done   chan struct{}
}

// prepRow is one entry of a prepBlock: its encoding is enc[start:end].
type prepRow struct {
	index      uint64
	pruned     bool
	start, end int
	stored     []byte // its stored leaf hash, nil when none
	source     string
	sourceSeq  int64
}

// hash computes the leaves of the rows that are not pruned.
func (b *prepBlock) hash(h *audit.Hasher) {
	b.leaves = make([]audit.Hash, len(b.rows))
	for i := range b.rows {
		if r := &b.rows[i]; !r.pruned {
			b.leaves[i] = h.Leaf(b.enc[r.start:r.end])
		}
	}
}

// source numbers, an index into matcher's per-source state
const (
	srcEvent = iota
	srcAccess
	srcKinds
)

// matcher puts a block's entries in order, matches each with its event or
// access-log row, checks what the rows alone can tell (gaps, order, rows
// without an entry, entries without a row, emptied entries no prune covers)
// and encodes the entries for hashing.
type matcher struct {
	next    uint64 // the leaf index the next entry must have
	lastSeq [srcKinds]int64
	queue   [srcKinds][]srcRow // rows read and not yet matched, by seq
	block   int
	cuts    []cut
	tail    []problem // rows no entry matched, found after the last block
}

func (m *matcher) run(ctx context.Context, in <-chan rawBlock, work, order chan<- *prepBlock) {
	defer close(work)
	defer close(order)
	for raw := range in {
		b := m.prepare(raw)
		for _, ch := range []chan<- *prepBlock{order, work} {
			select {
			case ch <- b:
			case <-ctx.Done():
				return
			}
		}
		if b.stop {
			return
		}
	}
	for s := range m.queue {
		m.unlogged(s, m.block+1, &m.tail)
	}
}

// prepare matches and encodes one block.
func (m *matcher) prepare(raw rawBlock) *prepBlock {
	m.block++
	b := &prepBlock{done: make(chan struct{}), enc: make([]byte, 0, len(raw.entries)+len(raw.events))}
	if !m.queueRows(srcEvent, raw.events, b) || !m.queueRows(srcAccess, raw.access, b) {
		return b
	}
	entries, ok := m.unpackEntries(raw, b)
	for i := range entries {
		r := &entries[i]
		if r.index != m.next {
			b.probs = append(b.probs, problem{"entry-missing", int64(m.next), text.F("审计条目 %d 缺失（下一个是 %d）", "audit entry %d is missing (the next one is %d)", m.next, r.index)})
			b.stop = true // the tree cannot be rebuilt past a gap
			return b
		}
		m.match(r, b)
		b.rows = append(b.rows, *r)
		m.next++
	}
	if !ok {
		return b
	}
	for s := range m.queue {
		m.unlogged(s, m.block, &b.probs)
	}
	return b
}

// unpackEntries reads a block's entries in order of index.
func (m *matcher) unpackEntries(raw rawBlock, b *prepBlock) ([]prepRow, bool) {
	rows := make([]prepRow, 0, walkBlock)
	for s := raw.entries; s != ""; {
		var r prepRow
		var item string
		item, s, _ = strings.Cut(s, ",")
		seq, rest, ok1 := strings.Cut(item, " ")
		srcSeq, flags, ok2 := strings.Cut(rest, " ")
		n, err1 := strconv.ParseInt(seq, 10, 64)
		var err2 error
		r.sourceSeq, err2 = strconv.ParseInt(srcSeq, 10, 64)
		if !ok1 || !ok2 || len(flags) != 2 || err1 != nil || err2 != nil || n < 1 || uint64(n-1) < raw.lo || uint64(n-1) > raw.hi {
			b.probs = append(b.probs, problem{"entry-unreadable", int64(m.next), text.F("审计条目 %d 之后的条目无法读取（被破坏）", "audit entries after %d cannot be read (damaged)", m.next)})
			b.stop = true
			return rows, false
		}
		r.source = entrySources[flags[1]]
		r.index, r.pruned, r.stored = uint64(n-1), flags[0] == '1', raw.leaves[uint64(n-1)-raw.lo]
		rows = append(rows, r)
	}
	if !slices.IsSortedFunc(rows, byIndex) {
		slices.SortFunc(rows, byIndex)
	}
	return rows, true
}

var entrySources = map[byte]string{'e': audit.SourceEvent, 'a': audit.SourceAccess, '?': "?"}

func byIndex(a, b prepRow) int { return cmp.Compare(a.index, b.index) }

// queueRows unpacks the rows of one source read for a block.
func (m *matcher) queueRows(src int, packed string, b *prepBlock) bool {
	for s := packed; s != ""; {
		r := srcRow{skipped: -1, block: m.block}
		e := &r.body
		var seq, stem string
		var err error
		if src == srcEvent {
			s, err = unpackRest(s, &seq, &r.at, &e.Operator, &e.Station, &e.Action, &stem, &e.Subject, &e.Batch, &e.Outcome, &e.Detail)
			r.class = audit.RetainSystem
			if stem == "1" {
				r.class = audit.RetainLifecycle
			}
		} else {
			s, err = unpackRest(s, &seq, &r.at, &e.Operator, &e.Station, &e.Action, &e.Subject, &e.Outcome)
			r.class, e.Detail = audit.RetainAccess, "{}"
		}
		n, err1 := strconv.ParseInt(seq, 10, 64)
		if err != nil || err1 != nil {
			b.probs = append(b.probs, problem{"entry-unreadable", int64(m.next), text.F("审计条目 %d 之后的%s无法读取（含有 NUL 字节或被破坏）", "the %s rows after audit entry %d cannot be read (one holds a NUL byte or is damaged)", sourceNames[src], m.next)})
			b.stop = true
			return false
		}
		r.seq = n
		m.queue[src] = append(m.queue[src], r)
	}
	return true
}

var sourceNames = [srcKinds]text.T{text.New("事件", "event"), text.New("访问日志条目", "access-log entry")}

func sourceIndex(source string) int {
	switch source {
	case audit.SourceEvent:
		return srcEvent
	case audit.SourceAccess:
		return srcAccess
	}
	return -1
}

// match checks entry r against its row and appends its encoding to b.
func (m *matcher) match(r *prepRow, b *prepBlock) {
	i := int64(r.index)
	src := sourceIndex(r.source)
	if src < 0 {
		b.probs = append(b.probs, problem{"source-missing", i, text.F("审计条目 %d 的来源 %q 不存在", "audit entry %d has an unknown source %q", i, r.source)})
		r.pruned = false
		r.start, r.end = len(b.enc), len(b.enc)
		return
	}
	if r.sourceSeq <= m.lastSeq[src] {
		b.probs = append(b.probs, problem{"entry-order", i, text.F("审计条目 %d 的顺序不对（%s %d 在 %d 之后）", "audit entry %d is out of order (%s %d after %d)", i, r.source, r.sourceSeq, m.lastSeq[src])})
	}
	m.lastSeq[src] = max(m.lastSeq[src], r.sourceSeq)
	row := m.take(src, r.sourceSeq, i)
	if r.pruned {
		m.checkCut(r, b)
		return
	}
	e := audit.Entry{Index: r.index, Source: r.source, SourceSeq: r.sourceSeq}
	if row == nil {
		b.probs = append(b.probs, problem{"source-missing", i, text.F("审计条目 %d 所记录的%s %d 已不在台账中（被删除）", "audit entry %d: %s %d it records is no longer in the ledger (deleted)", i, sourceNames[src], r.sourceSeq)})
	} else {
		e = row.body
		e.Index, e.Source, e.SourceSeq, e.At, e.Retention = r.index, r.source, r.sourceSeq, row.at, row.class
	}
	r.start = len(b.enc)
	b.enc = e.Encode(b.enc)
	r.end = len(b.enc)
}

// take finds the row seq of source src, marks it used and the rows before
// it as skipped at entry i; nil when it was not read.
func (m *matcher) take(src int, seq, i int64) *srcRow {
	q := m.queue[src]
	k := 0
	if len(q) == 0 || q[0].seq != seq {
		var found bool
		k, found = slices.BinarySearchFunc(q, seq, func(r srcRow, s int64) int { return cmp.Compare(r.seq, s) })
		if !found || q[k].used {
			k = -1
		}
		for j := 0; j < len(q) && q[j].seq < seq; j++ {
			if !q[j].used && q[j].skipped < 0 {
				q[j].skipped = i
			}
		}
		if k < 0 {
			return nil
		}
	}
	q[k].used = true
	row := q[k]
	if k == 0 {
		m.queue[src] = q[1:]
	}
	return &row
}

// unlogged reports the unmatched rows of source src read before block,
// drops them and the used rows from the queue.
func (m *matcher) unlogged(src, block int, probs *[]problem) {
	q := m.queue[src]
	kept := q[:0]
	for _, r := range q {
		switch {
		case r.used:
		case r.block < block:
			at := r.skipped
			if at < 0 {
				at = int64(m.next)
			}
			*probs = append(*probs, problem{"entry-unlogged", at, text.F("%s %d 不在审计日志中（审计触发器曾被删除？）", "%s %d is not in the audit log (was the audit trigger dropped?)", sourceNames[src], r.seq)})
		default:
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		kept = nil
	}
	m.queue[src] = kept
}

// checkCut reports an emptied entry no prune covers.
func (m *matcher) checkCut(r *prepRow, b *prepBlock) {
	for _, c := range m.cuts {
		if r.source == audit.SourceAccess && r.sourceSeq <= c.accessSeq {
			return
		}
	}
	i := int64(r.index)
	b.probs = append(b.probs, problem{"prune-unrecorded", i, text.F("审计条目 %d 的内容被删除，但没有覆盖它的清理记录", "audit entry %d was emptied without a prune that covers it", i)})
}
