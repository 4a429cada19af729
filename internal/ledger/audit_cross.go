package ledger

import (
	"context"
	"database/sql"
	"fmt"

	"ezz/internal/audit"
	"ezz/internal/text"
)

// crossSource is how the entries of a source agree with its table, in SQL.
type crossSource struct {
	name, table string
	differs     string // true when entry a differs from its row s
}

var crossSources = []crossSource{
	{audit.SourceEvent, "events", `NOT (a.at IS s.at AND a.operator IS s.actor AND a.station IS s.station AND a.action IS s.kind
		AND a.subject IS s.identifier AND a.batch IS s.batch_id AND a.outcome IS s.outcome AND a.detail IS s.detail
		AND a.retention IS (CASE WHEN s.stem <> '' THEN 'lifecycle' ELSE 'system' END))`},
	{audit.SourceAccess, "access_log", `NOT (a.at IS s.at AND a.operator IS s.actor AND a.station IS s.station AND a.action IS s.action
		AND a.subject IS s.subject AND a.batch IS '' AND a.outcome IS s.result AND a.detail IS '{}' AND a.retention IS 'access')`},
}

// crossCheck compares each kept entry with the event or access-log row it
// copies, and counts the rows no entry copies: one aggregate per source,
// then a look for the first culprit only when the counts disagree.
func (v *verifier) crossCheck(ctx context.Context, t *sql.Tx) error {
	for _, c := range crossSources {
		var kept, matched, differ, rows int64
		err := t.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM audit_entries WHERE source = ? AND pruned IS NULL),
			count(s.seq), ifnull(sum(`+c.differs+`), 0), (SELECT count(*) FROM `+c.table+`)
			FROM audit_entries a JOIN `+c.table+` s ON s.seq = a.source_seq WHERE a.source = ? AND a.pruned IS NULL`, c.name, c.name).
			Scan(&kept, &matched, &differ, &rows)
		if err != nil {
			return fmt.Errorf("audit verify: %w", err)
		}
		if differ > 0 {
			v.first(ctx, t, "entry-changed", `SELECT a.seq, s.seq FROM audit_entries a JOIN `+c.table+` s ON s.seq = a.source_seq
				WHERE a.source = ? AND a.pruned IS NULL AND `+c.differs+` ORDER BY a.seq LIMIT 1`, c.name,
				text.New("审计条目 %d 与台账中的%s %d 不一致（其一被改动）", "audit entry %d differs from %s %d in the ledger (one of them was changed)"), sourceName(c.name))
		}
		if matched < kept {
			v.first(ctx, t, "source-missing", `SELECT a.seq, a.source_seq FROM audit_entries a LEFT JOIN `+c.table+` s ON s.seq = a.source_seq
				WHERE a.source = ? AND a.pruned IS NULL AND s.seq IS NULL ORDER BY a.seq LIMIT 1`, c.name,
				text.New("审计条目 %d 所记录的%s %d 已不在台账中（被删除）", "audit entry %d: %s %d it records is no longer in the ledger (deleted)"), sourceName(c.name))
		}
		if rows > matched {
			v.firstUnlogged(ctx, t, c)
		}
	}
	return nil
}

// first reports the entry and source row the query finds, with msg
// formatted as (entry, what, source seq).
func (v *verifier) first(ctx context.Context, t *sql.Tx, code, query, source string, msg text.T, what text.T) {
	var seq, src int64
	if err := t.QueryRowContext(ctx, query, source).Scan(&seq, &src); err != nil {
		v.r.add(code, -1, 0, text.F("%s（无法定位：%v）", "%s (cannot locate it: %v)", what, err))
		return
	}
	v.r.add(code, seq-1, 0, text.F(msg.Zh, msg.En, seq-1, what, src))
}

// firstUnlogged reports the first row of c's table that no entry copies:
// written while the audit trigger was dropped, or inserted into the file.
func (v *verifier) firstUnlogged(ctx context.Context, t *sql.Tx, c crossSource) {
	var seq int64
	err := t.QueryRowContext(ctx, `SELECT seq FROM `+c.table+` WHERE seq NOT IN
		(SELECT source_seq FROM audit_entries WHERE source = ? AND pruned IS NULL) ORDER BY seq LIMIT 1`, c.name).Scan(&seq)
	if err != nil {
		seq = -1
	}
	v.r.add("entry-unlogged", int64(v.f.Size()), 0, text.F("%s %d 不在审计日志中（审计触发器曾被删除？）", "%s %d is not in the audit log (was the audit trigger dropped?)", sourceName(c.name), seq))
}
