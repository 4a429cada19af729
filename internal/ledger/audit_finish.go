package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"

	"ezz/internal/text"
)

// finish checks what lies beyond the walk: heads, leaves and nodes past the
// last entry, source rows without an entry, and rows deleted at the end of
// a table.
func (v *verifier) finish(ctx context.Context, t *sql.Tx) error {
	if v.r.FirstBad < 0 && v.badRoot >= 0 {
		v.r.FirstBad = v.badRoot // no entry differs from its copy: the first one after the last good head
	}
	if v.stopped {
		return nil
	}
	n := v.f.Size()
	for _, h := range v.heads[v.next:] {
		v.r.add("head-beyond", int64(n), h.ID, text.F("签名树头 %d 有 %d 条，但审计日志只有 %d 条：条目被删除", "tree head %d covers %d entries but the log has %d: entries were deleted", h.ID, h.Size, n))
	}
	if len(v.nodes) > 0 {
		v.r.add("entry-missing", int64(n), 0, text.F("审计条目 %d 之后的条目被删除（其树节点仍在）", "audit entries from %d on were deleted (their tree nodes are still stored)", n))
	}
	if err := v.unloggedTail(ctx, t); err != nil {
		return err
	}
	return v.sequences(ctx, t)
}

// sequences compares each append-only table's AUTOINCREMENT counter with its
// last row: rows deleted from the end leave the counter ahead.
func (v *verifier) sequences(ctx context.Context, t *sql.Tx) error {
	for _, table := range []string{"audit_entries", "events", "audit_heads"} {
		var counter, last int64
		err := t.QueryRowContext(ctx, `SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), ifnull((SELECT max(rowid) FROM `+table+`), 0)`, table).Scan(&counter, &last)
		if err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		if counter != last {
			v.r.add("rows-deleted", int64(v.f.Size()), 0, text.F("表 %s 末尾的行被删除（计数器 %d，最后一行 %d）", "rows were deleted from the end of %s (counter %d, last row %d)", table, counter, last))
		}
	}
	return nil
}

// checkTriggers reports every trigger of the schema that is missing or
// different from what the migrations create: whoever can write the file can
// drop the triggers that keep the log append-only.
func checkTriggers(ctx context.Context, t *sql.Tx, r *AuditReport) error {
	want, err := schemaTriggers()
	if err != nil {
		return err
	}
	got, err := triggersOf(ctx, t)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch s, ok := got[name]; {
		case !ok:
			r.add("trigger-missing", -1, 0, text.F("触发器 %s 被删除", "trigger %s was dropped", name))
		case s != want[name]:
			r.add("trigger-changed", -1, 0, text.F("触发器 %s 被改动", "trigger %s was changed", name))
		}
	}
	return nil
}

func triggersOf(ctx context.Context, q querier) (map[string]string, error) {
	rs, err := q.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil {
		return nil, fmt.Errorf("audit verify: read triggers: %w", err)
	}
	defer rs.Close()
	out := map[string]string{}
	for rs.Next() {
		var name, s string
		if err := rs.Scan(&name, &s); err != nil {
			return nil, err
		}
		out[name] = s
	}
	return out, rs.Err()
}

// schemaTriggers are the triggers of a ledger made by this build, read from
// a fresh in-memory one.
var schemaTriggers = sync.OnceValues(func() (map[string]string, error) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	l := &Ledger{db: db}
	if err := l.migrate(context.Background()); err != nil {
		return nil, fmt.Errorf("audit verify: build the reference schema: %w", err)
	}
	return triggersOf(context.Background(), db)
})
