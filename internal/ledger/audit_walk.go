package ledger

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"ezz/internal/audit"
	"ezz/internal/text"
)

// The walk reads the entries and their stored leaf hashes in blocks of
// walkBlock, each block one row: the driver's cost per row is many times
// SQLite's cost per entry. An entry comes as "<byte length>:<text>"
// pieces (packedBody), which unpackRest splits exactly. Whether each entry
// agrees with the event or access-log row it copies is counted in SQL
// (crossCheck), and only looked at row by row when something is wrong.
// The blocks are read in one goroutine and hashed in another, so both
// cores work. A block is concatenated in the order of the range scan
// (rowid, or the primary key) without a sort; the entries are put in order
// again all the same.
const walkBlock = 512

var (
	entryBlockQuery = `SELECT group_concat(` + packedBody("", []string{"CAST(seq AS TEXT)", "source", "CAST(source_seq AS TEXT)",
		"CAST(pruned IS NOT NULL AS TEXT)", "at", "retention", "operator", "station", "action", "subject", "batch", "outcome", "detail"}) +
		`, '') FROM audit_entries WHERE seq BETWEEN ? AND ?`
	// the leaves of a block, 32 bytes each, concatenated as they are
	// stored; when they are not all there, leafRowsQuery reads them one by one.
	leafBlockQuery = `SELECT group_concat(hash, ''), count(*), ifnull(sum(length(hash)), 0) FROM audit_nodes
		WHERE level = 0 AND idx BETWEEN ? AND ?`
	leafRowsQuery = `SELECT idx, hash FROM audit_nodes WHERE level = 0 AND idx BETWEEN ? AND ?`
)

// packedBody is an SQL expression giving the columns as one text of
// "<byte length>:<text>" pieces (NULL as empty), built by one printf call,
// which unpack splits exactly. (A text with a NUL byte is cut short by
// printf: its piece then does not unpack to the stored text, and the entry
// is reported, never taken for another.)
func packedBody(prefix string, cols []string) string {
	format := strings.Repeat("%d:%s", len(cols))
	args := make([]string, 0, 2*len(cols))
	for _, c := range cols {
		args = append(args, "octet_length("+prefix+c+")", prefix+c)
	}
	return "printf('" + format + "', " + strings.Join(args, ", ") + ")"
}

// unpackRest splits the first len(dst) pieces of a packedBody text into
// dst and returns the rest.
func unpackRest(s string, dst ...*string) (string, error) {
	for _, d := range dst {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			return "", fmt.Errorf("audit verify: malformed packed entry")
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || n > len(s)-i-1 {
			return "", fmt.Errorf("audit verify: malformed packed entry")
		}
		*d, s = s[i+1:i+1+n], s[i+1+n:]
	}
	return s, nil
}

// walkRow is one entry of the walk with its stored leaf hash.
type walkRow struct {
	e      audit.Entry
	pruned bool
	leaf   []byte // nil when none is stored
}

// unpackEntry reads the next entry of a block into w and returns the rest.
func unpackEntry(s string, w *walkRow) (string, error) {
	e := &w.e
	var seq, srcSeq, pruned string
	rest, err := unpackRest(s, &seq, &e.Source, &srcSeq, &pruned, &e.At, &e.Retention, &e.Operator, &e.Station, &e.Action,
		&e.Subject, &e.Batch, &e.Outcome, &e.Detail)
	if err != nil {
		return "", err
	}
	n, err1 := strconv.ParseInt(seq, 10, 64)
	e.SourceSeq, err = strconv.ParseInt(srcSeq, 10, 64)
	if err1 != nil || err != nil || n < 1 {
		return "", fmt.Errorf("audit verify: malformed entry %q", seq)
	}
	e.Index, w.pruned = uint64(n-1), pruned == "1"
	return rest, nil
}

// entries walks every entry in order, a block at a time.
func (v *verifier) entries(ctx context.Context, t *sql.Tx) error {
	v.headsAt(0)
	var last int64
	if err := t.QueryRowContext(ctx, `SELECT ifnull(max(seq), 0) FROM audit_entries`).Scan(&last); err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	blocks := make(chan rawBlock, 4)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- readBlocks(ctx, t, last, blocks) }()
	for b := range blocks {
		if !v.stopped {
			v.walkBlock(b)
		}
		if v.stopped {
			cancel()
		}
	}
	v.r.Entries = v.f.Size()
	if err := <-errc; err != nil && !v.stopped {
		return err
	}
	return nil
}

// rawBlock is one block as read: its entries and its stored leaves.
type rawBlock struct {
	entries string
	leaves  map[uint64][]byte
}

// readBlocks sends the blocks of entries 1…last in order and closes out.
func readBlocks(ctx context.Context, t *sql.Tx, last int64, out chan<- rawBlock) error {
	defer close(out)
	for lo := int64(1); lo <= last; lo += walkBlock {
		b, err := readBlock(ctx, t, lo, min(lo+walkBlock-1, last))
		if err != nil {
			return err
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// walkBlock unpacks a block's entries, puts them in order and walks them.
func (v *verifier) walkBlock(b rawBlock) {
	rows := v.rows[:0]
	for s := b.entries; s != ""; {
		var w walkRow
		var err error
		if s, err = unpackEntry(s, &w); err != nil {
			v.r.add("entry-unreadable", int64(v.f.Size()), 0, text.F("审计条目 %d 之后的条目无法读取（含有 NUL 字节或被破坏）", "audit entries after %d cannot be read (one holds a NUL byte or is damaged)", v.f.Size()))
			v.stopped = true
			return
		}
		w.leaf = b.leaves[w.e.Index]
		rows = append(rows, w)
	}
	if !slices.IsSortedFunc(rows, byIndex) {
		slices.SortFunc(rows, byIndex)
	}
	for i := range rows {
		if v.walkOne(&rows[i]); v.stopped {
			break
		}
	}
	v.rows = rows
}

func byIndex(a, b walkRow) int { return cmp.Compare(a.e.Index, b.e.Index) }

// readBlock reads the entries lo…hi (seqs) and the stored leaves of their indexes.
func readBlock(ctx context.Context, t *sql.Tx, lo, hi int64) (rawBlock, error) {
	var block sql.NullString
	if err := t.QueryRowContext(ctx, entryBlockQuery, lo, hi).Scan(&block); err != nil {
		return rawBlock{}, fmt.Errorf("audit verify: %w", err)
	}
	leaves, err := readLeaves(ctx, t, uint64(lo-1), uint64(hi-1))
	return rawBlock{block.String, leaves}, err
}

// readLeaves reads the stored leaves lo…hi (indexes) by index.
func readLeaves(ctx context.Context, t *sql.Tx, lo, hi uint64) (map[uint64][]byte, error) {
	var cat []byte
	var n, size uint64
	if err := t.QueryRowContext(ctx, leafBlockQuery, lo, hi).Scan(&cat, &n, &size); err != nil {
		return nil, fmt.Errorf("audit verify: %w", err)
	}
	leaves := make(map[uint64][]byte, walkBlock)
	const hs = len(audit.Hash{})
	if n == hi-lo+1 && size == n*uint64(hs) && len(cat) == hs*int(n) {
		for i := range n {
			leaves[lo+i] = cat[int(i)*hs : int(i+1)*hs]
		}
		return leaves, nil
	}
	rs, err := t.QueryContext(ctx, leafRowsQuery, lo, hi) // some are missing or damaged: by row
	if err != nil {
		return nil, fmt.Errorf("audit verify: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var idx uint64
		var h []byte
		if err := rs.Scan(&idx, &h); err != nil {
			return nil, fmt.Errorf("audit verify: %w", err)
		}
		leaves[idx] = h
	}
	return leaves, rs.Err()
}

// walkOne checks that w is the next entry and appends it.
func (v *verifier) walkOne(w *walkRow) {
	if w.e.Index != v.f.Size() {
		v.r.add("entry-missing", int64(v.f.Size()), 0, text.F("审计条目 %d 缺失（下一个是 %d）", "audit entry %d is missing (the next one is %d)", v.f.Size(), w.e.Index))
		v.stopped = true // the tree cannot be rebuilt past a gap
		return
	}
	v.entry(w)
	v.headsAt(v.f.Size())
}

// entry checks one entry and appends its leaf.
func (v *verifier) entry(w *walkRow) {
	i := int64(w.e.Index)
	if w.e.SourceSeq <= v.lastSeq[w.e.Source] {
		v.r.add("entry-order", i, 0, text.F("审计条目 %d 的顺序不对（%s %d 在 %d 之后）", "audit entry %d is out of order (%s %d after %d)", i, w.e.Source, w.e.SourceSeq, v.lastSeq[w.e.Source]))
	}
	v.lastSeq[w.e.Source] = max(v.lastSeq[w.e.Source], w.e.SourceSeq)
	var leaf audit.Hash
	if w.pruned {
		v.r.Pruned++
		leaf = v.prunedLeaf(w)
	} else {
		v.buf = w.e.Encode(v.buf[:0])
		leaf = v.h.Leaf(v.buf)
		if w.leaf != nil && (len(w.leaf) != len(leaf) || audit.Hash(w.leaf) != leaf) {
			v.r.add("entry-changed", i, 0, text.F("审计条目 %d 与其存储的叶哈希不符（条目或哈希被改动）", "audit entry %d does not match its stored leaf hash (the entry or the hash was changed)", i))
		}
	}
	v.f.Append(leaf)
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
