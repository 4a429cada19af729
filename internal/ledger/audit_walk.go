package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"ezz/internal/audit"
)

// The walk reads the entries, their stored leaf hashes and the event and
// access-log rows that hold their bodies in blocks of walkBlock entries,
// each block and each table's part of it one row: the driver's cost per row
// is many times SQLite's cost per entry. A row comes as "<byte
// length>:<text>" pieces (packedBody), which unpackRest splits exactly. The
// three tables are read in seq order by range scans, never joined: entries
// and rows are matched in Go (audit_merge.go), so an event without an entry
// and an entry without its event are found in the same pass.
//
// One goroutine reads (SQLite has one connection per transaction), one
// matches and encodes, the others hash; the tree is built in order
// (audit_tree.go). See docs/BENCHMARKS.md for what each stage costs.
const walkBlock = 512

// srcAhead bounds how far past the rows already read a block's reads go,
// so an entry naming a huge seq cannot make one read hold a whole table.
const srcAhead = 4 * walkBlock

var (
	// an entry is "<seq> <source seq> <pruned 0|1><source e|a|?>,": our
	// numbers and letters only, so no lengths are needed
	entryBlockQuery = `SELECT group_concat(seq || ' ' || CAST(source_seq AS INTEGER) || ' ' || (pruned IS NOT NULL) ||
		CASE source WHEN 'event' THEN 'e' WHEN 'access' THEN 'a' ELSE '?' END, ','),
		max(iif(source = 'event', CAST(source_seq AS INTEGER), NULL)), max(iif(source = 'access', CAST(source_seq AS INTEGER), NULL))
		FROM audit_entries WHERE seq BETWEEN ? AND ?`
	eventBlockQuery = `SELECT group_concat(` + packedBody("", []string{"CAST(seq AS TEXT)", "at", "actor", "station", "kind",
		"CAST(stem <> '' AS TEXT)", "identifier", "batch_id", "outcome", "detail"}) + `, '') FROM events WHERE seq > ? AND seq <= ?`
	accessBlockQuery = `SELECT group_concat(` + packedBody("", []string{"CAST(seq AS TEXT)", "at", "actor", "station", "action",
		"subject", "result"}) + `, '') FROM access_log WHERE seq > ? AND seq <= ?`
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
			return "", fmt.Errorf("audit verify: malformed packed row")
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || n > len(s)-i-1 {
			return "", fmt.Errorf("audit verify: malformed packed row")
		}
		*d, s = s[i+1:i+1+n], s[i+1+n:]
	}
	return s, nil
}

// rawBlock is one block as read: its entries, their stored leaves, and the
// event and access-log rows read for it (seqs up to evTo and accTo).
type rawBlock struct {
	lo, hi         uint64 // the leaf indexes the block covers
	entries        string
	leaves         [][]byte // by index - lo; nil when none is stored
	events, access string
	evTo, accTo    int64
}

// blockReader reads the blocks of entries 1…last in order, each query
// prepared once.
type blockReader struct {
	t                             *sql.Tx
	last                          int64
	evTo, accTo                   int64 // the rows read so far: seqs up to these
	noLeaves                      bool  // the entries have no stored leaves yet (growTree)
	entries, events, access, leaf *sql.Stmt
}

// prepare prepares the queries of the walk.
func (br *blockReader) prepare(ctx context.Context) error {
	for _, q := range []struct {
		s    **sql.Stmt
		text string
	}{{&br.entries, entryBlockQuery}, {&br.events, eventBlockQuery}, {&br.access, accessBlockQuery}, {&br.leaf, leafBlockQuery}} {
		st, err := br.t.PrepareContext(ctx, q.text)
		if err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		*q.s = st
	}
	return nil
}

// run sends the blocks to out and closes it.
func (br *blockReader) run(ctx context.Context, out chan<- rawBlock) error {
	defer close(out)
	if err := br.prepare(ctx); err != nil {
		return err
	}
	for lo := int64(1); lo <= br.last; lo += walkBlock {
		b, err := br.read(ctx, lo, min(lo+walkBlock-1, br.last))
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

// read reads the entries lo…hi (seqs), their leaves and the rows they name.
func (br *blockReader) read(ctx context.Context, lo, hi int64) (rawBlock, error) {
	b := rawBlock{lo: uint64(lo - 1), hi: uint64(hi - 1)}
	var block sql.NullString
	var maxEv, maxAcc sql.NullInt64
	if err := br.entries.QueryRowContext(ctx, lo, hi).Scan(&block, &maxEv, &maxAcc); err != nil {
		return b, fmt.Errorf("audit verify: %w", err)
	}
	b.entries = block.String
	var err error
	if b.events, err = br.rows(ctx, br.events, &br.evTo, maxEv.Int64); err != nil {
		return b, err
	}
	if b.access, err = br.rows(ctx, br.access, &br.accTo, maxAcc.Int64); err != nil {
		return b, err
	}
	b.evTo, b.accTo = br.evTo, br.accTo
	if br.noLeaves {
		b.leaves = make([][]byte, b.hi-b.lo+1)
		return b, nil
	}
	b.leaves, err = readLeaves(ctx, br.t, br.leaf, b.lo, b.hi)
	return b, err
}

// rows reads the rows after *to up to upTo (at most srcAhead more) and
// advances *to.
func (br *blockReader) rows(ctx context.Context, query *sql.Stmt, to *int64, upTo int64) (string, error) {
	if upTo <= *to {
		return "", nil
	}
	next := min(upTo, *to+srcAhead)
	var s sql.NullString
	if err := query.QueryRowContext(ctx, *to, next).Scan(&s); err != nil {
		return "", fmt.Errorf("audit verify: %w", err)
	}
	*to = next
	return s.String, nil
}

// readLeaves reads the stored leaves lo…hi (indexes) by index - lo.
func readLeaves(ctx context.Context, t *sql.Tx, block *sql.Stmt, lo, hi uint64) ([][]byte, error) {
	var cat []byte
	var n, size uint64
	if err := block.QueryRowContext(ctx, lo, hi).Scan(&cat, &n, &size); err != nil {
		return nil, fmt.Errorf("audit verify: %w", err)
	}
	leaves := make([][]byte, hi-lo+1)
	const hs = len(audit.Hash{})
	if n == hi-lo+1 && size == n*uint64(hs) && len(cat) == hs*int(n) {
		for i := range n {
			leaves[i] = cat[int(i)*hs : int(i+1)*hs]
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
		if idx >= lo && idx <= hi {
			leaves[idx-lo] = h
		}
	}
	return leaves, rs.Err()
}
