package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The fast write path of IssueBatch: each table gets one multi-row INSERT per
// chunk of rows instead of one statement per row. It writes exactly what the
// row-by-row path (writer.go) writes, in the same order and with the same
// event sequence numbers, under the same triggers and constraints (the
// foreign keys proven by the writer instead: issueconn.go); it only cannot
// say which row a refused statement was about. Any failure of the fast
// path therefore rolls its transaction back and IssueBatch redoes the group
// row by row, which returns the precise error (ErrRowDone, ErrSerialConflict,
// *DuplicateNumberError, …) or, if the ledger changed in between, succeeds.

// chunkSizes are the row counts of the multi-row statements: a group is written
// in chunks of the largest size and its rest in smaller powers of two, so a
// Ledger prepares at most len(chunkSizes) statements per table. 64 rows bind at
// most 64 × 12 parameters, far below SQLite's limit of 32,766.
var chunkSizes = []int{64, 32, 16, 8, 4, 2, 1}

// multiSQL is each table's statement as head + n tuples + tail.
var multiSQL = map[string][3]string{
	"event": {`INSERT INTO events (at, actor, station, kind, stem, identifier, batch_id, detail) VALUES `,
		`(?, ?, ?, 'issue', ?, ?, ?, ?)`, ``},
	"cert": {`INSERT INTO certificates (stem, identifier, type_code, station, serial, serial_n, version,
		number, holder_code, status, batch_id, issued_at, updated_at, last_event) VALUES `,
		`(?, ?, ?, ?, ?, ?, 1, ?, ?, '01', NULLIF(?, ''), ?, ?, ?)`, ``},
	"version": {`INSERT INTO versions (identifier, stem, version, record, pdf_path, pdf_sm3, issued_at, event) VALUES `,
		`(?, ?, 1, ?, ?, ?, ?, ?)`, ``},
	// An issued row makes the upsert's DO UPDATE fire batch_rows_keep_issued,
	// which refuses it: the fast path needs no "row not done" look-up.
	"row": {`INSERT INTO batch_rows (batch_id, row_key, identifier, at) VALUES `, `(?, ?, ?, ?)`,
		` ON CONFLICT (batch_id, row_key) DO UPDATE SET identifier = excluded.identifier,
		reject_reason = '', at = excluded.at`},
	"outbox": {`INSERT INTO outbox (identifier, version, kind, enqueued_at, deadline, event) VALUES `,
		`(?, 1, 'issue', ?, NULLIF(?, ''), ?)`, ``},
}

// fastFailed marks an error of the fast path, after which IssueBatch redoes
// the group row by row.
type fastFailed struct{ err error }

func (e *fastFailed) Error() string { return "multi-row issue: " + e.err.Error() }
func (e *fastFailed) Unwrap() error { return e.err }

// chunkWriter writes issuances with multi-row statements within one transaction.
type chunkWriter struct {
	l        *Ledger
	t        *sql.Tx
	counters map[string]uint64
	stmts    map[string]*sql.Stmt // query → statement of this transaction
	args     []any
}

// issueChunks checks the group, advances the counters and writes the rows
// chunk by chunk; every error it returns is a *fastFailed.
func (l *Ledger) issueChunks(ctx context.Context, t *sql.Tx, is []Issuance) error {
	w := &chunkWriter{l: l, t: t, counters: map[string]uint64{}, stmts: map[string]*sql.Stmt{}}
	rw := &issueWriter{l: l, t: t, counters: w.counters}
	for i := range is {
		if err := is[i].check(); err != nil {
			return &fastFailed{err}
		}
		if err := rw.advance(ctx, is[i].Station, is[i].SerialN); err != nil {
			return &fastFailed{err}
		}
	}
	if err := batchesExist(ctx, t, is); err != nil {
		return &fastFailed{err}
	}
	for len(is) > 0 {
		n := chunkLen(len(is))
		if err := w.chunk(ctx, is[:n]); err != nil {
			return &fastFailed{err}
		}
		is = is[n:]
	}
	if err := rw.saveCounters(ctx); err != nil {
		return &fastFailed{err}
	}
	return nil
}

// batchesExist proves the rows' batch references, which the fast path's
// connection does not check (issueconn.go): each batch the group names, read
// once.
func batchesExist(ctx context.Context, t *sql.Tx, is []Issuance) error {
	var last string
	for i := range is {
		id := is[i].BatchID
		if id == "" || id == last {
			continue
		}
		var one int
		if err := t.QueryRowContext(ctx, "SELECT 1 FROM batches WHERE id = ?", id).Scan(&one); err != nil {
			return fmt.Errorf("batch %q: %w", id, err)
		}
		last = id
	}
	return nil
}

// chunkLen is the largest chunk size that fits in n rows.
func chunkLen(n int) int {
	for _, s := range chunkSizes {
		if s <= n {
			return s
		}
	}
	return n
}

// chunk writes the events, certificates, versions, batch rows and outbox
// entries of rows, one statement per table (two or more for batch rows when
// only some rows belong to a batch).
func (w *chunkWriter) chunk(ctx context.Context, rows []Issuance) error {
	ats := make([]string, len(rows))
	for i := range rows {
		ats[i] = utc(rows[i].At)
	}
	res, err := w.exec(ctx, "event", len(rows), func(i int) []any {
		is := &rows[i]
		detail := issueDetail{is.TypeCode, is.Number, is.Serial, 1, is.PDFSM3, is.RowKey, is.Retention}.json()
		return []any{ats[i], is.Actor, is.Station, stem(is.Identifier), is.Identifier, is.BatchID, detail}
	})
	if err != nil {
		return fmt.Errorf("append events: %w", err)
	}
	// events.seq is AUTOINCREMENT and the transaction holds the write lock:
	// the rows of one INSERT get consecutive seqs in VALUES order. Should that
	// ever not hold, certificates_event_insert refuses the certificate (its
	// event would be about another stem) and the group is redone row by row.
	last, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("append events: %w", err)
	}
	first := last - int64(len(rows)) + 1
	if _, err := w.exec(ctx, "cert", len(rows), func(i int) []any {
		is := &rows[i]
		return []any{stem(is.Identifier), is.Identifier, is.TypeCode, is.Station, is.Serial, is.SerialN,
			is.Number, is.HolderCode, is.BatchID, ats[i], ats[i], first + int64(i)}
	}); err != nil {
		return fmt.Errorf("store certificates: %w", err)
	}
	if _, err := w.exec(ctx, "version", len(rows), func(i int) []any {
		is := &rows[i]
		return []any{is.Identifier, stem(is.Identifier), is.Record, w.l.storePath(is.PDFPath), is.PDFSM3, ats[i], first + int64(i)}
	}); err != nil {
		return fmt.Errorf("store versions: %w", err)
	}
	if err := w.batchRows(ctx, rows, ats); err != nil {
		return fmt.Errorf("record batch rows: %w", err)
	}
	if _, err := w.exec(ctx, "outbox", len(rows), func(i int) []any {
		var deadline string
		if !rows[i].Deadline.IsZero() {
			deadline = utc(rows[i].Deadline)
		}
		return []any{rows[i].Identifier, ats[i], deadline, first + int64(i)}
	}); err != nil {
		return fmt.Errorf("enqueue pushes: %w", err)
	}
	return nil
}

// batchRows upserts the batch rows of the issuances that have one.
func (w *chunkWriter) batchRows(ctx context.Context, rows []Issuance, ats []string) error {
	var in []int
	for i := range rows {
		if rows[i].BatchID != "" {
			in = append(in, i)
		}
	}
	for len(in) > 0 {
		n := chunkLen(len(in))
		part := in[:n]
		if _, err := w.exec(ctx, "row", n, func(k int) []any {
			is := &rows[part[k]]
			return []any{is.BatchID, is.RowKey, is.Identifier, ats[part[k]]}
		}); err != nil {
			return err
		}
		in = in[n:]
	}
	return nil
}

// exec runs table's statement for n rows with the arguments of each row.
func (w *chunkWriter) exec(ctx context.Context, table string, n int, row func(i int) []any) (sql.Result, error) {
	s, err := w.stmt(ctx, multiQuery(table, n))
	if err != nil {
		return nil, err
	}
	w.args = w.args[:0]
	for i := 0; i < n; i++ {
		w.args = append(w.args, row(i)...)
	}
	return s.ExecContext(ctx, w.args...)
}

// stmt returns the statement for query within the transaction; the Ledger
// keeps it prepared across transactions.
func (w *chunkWriter) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := w.stmts[query]; ok {
		return s, nil
	}
	p, err := w.l.prepared(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	s := w.t.StmtContext(ctx, p)
	w.stmts[query] = s
	return s, nil
}

// multiQueries caches the text of each table's statement per row count.
var multiQueries = func() map[multiKey]string {
	m := map[multiKey]string{}
	for table, parts := range multiSQL {
		for _, n := range chunkSizes {
			tuples := strings.TrimSuffix(strings.Repeat(parts[1]+", ", n), ", ")
			m[multiKey{table, n}] = parts[0] + tuples + parts[2]
		}
	}
	return m
}()

type multiKey struct {
	table string
	n     int
}

func multiQuery(table string, n int) string { return multiQueries[multiKey{table, n}] }
