package ledger

// auditRefSchema is the migration that stops copying: an audit entry keeps
// only where its body is — the event or access-log row (source, source_seq)
// — and whether it was pruned; the leaf is hashed from that row when the
// tree grows (docs/audit.md, Entries). The trigger's cost per event is one
// row of three integers and a word instead of a copy of the event. An
// entry's leaf encodes the same fields as before (its time and retention
// class are the row's), so the leaves and heads of a ledger made by
// migration 3 still verify.
const auditRefSchema = `
DROP TRIGGER events_audit;
DROP TRIGGER access_log_audit;
CREATE TABLE audit_entries_v5 (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- leaf index + 1
	source     TEXT NOT NULL,                     -- event | access
	source_seq INTEGER NOT NULL,                  -- the row of events or access_log that holds the body
	pruned     INTEGER                            -- the prune event's seq, or NULL
);
INSERT INTO audit_entries_v5 (seq, source, source_seq, pruned) SELECT seq, source, source_seq, pruned FROM audit_entries ORDER BY seq;
DELETE FROM sqlite_sequence WHERE name = 'audit_entries_v5';
INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_entries_v5', seq FROM sqlite_sequence WHERE name = 'audit_entries';
DROP TABLE audit_entries;
ALTER TABLE audit_entries_v5 RENAME TO audit_entries;
CREATE TRIGGER events_audit AFTER INSERT ON events BEGIN
	INSERT INTO audit_entries (source, source_seq) VALUES ('event', NEW.seq);
END;
CREATE TRIGGER access_log_audit AFTER INSERT ON access_log BEGIN
	INSERT INTO audit_entries (source, source_seq) VALUES ('access', NEW.seq);
END;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
	WHEN OLD.pruned IS NOT NULL OR NEW.pruned IS NULL OR OLD.source IS NOT 'access'
	  OR NEW.seq IS NOT OLD.seq OR NEW.source IS NOT OLD.source OR NEW.source_seq IS NOT OLD.source_seq
	BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: a prune only marks an access entry'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
	BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
`

// entryFrom joins each entry with the row that holds its body.
const entryFrom = ` FROM audit_entries a
	LEFT JOIN events e ON a.source = 'event' AND e.seq = a.source_seq
	LEFT JOIN access_log s ON a.source = 'access' AND s.seq = a.source_seq`

// entryColumns are the columns scanEntry reads from entryFrom: the entry,
// its body from its row (empty when pruned or missing), whether it is
// pruned, and whether its row was found.
const entryColumns = `a.seq, a.source, a.source_seq, ` + entryAt + `, ` + entryClass + `,
	ifnull(e.actor, ifnull(s.actor, '')), ifnull(e.station, ifnull(s.station, '')), ifnull(e.kind, ifnull(s.action, '')),
	ifnull(e.identifier, ifnull(s.subject, '')), ifnull(e.batch_id, ''), ifnull(e.outcome, ifnull(s.result, '')),
	CASE WHEN e.seq IS NOT NULL THEN e.detail WHEN s.seq IS NOT NULL THEN '{}' ELSE '' END,
	a.pruned IS NOT NULL, (e.seq IS NOT NULL OR s.seq IS NOT NULL)`

// entryAt and entryClass are an entry's time and retention class, from its
// row (a pruned access entry keeps its class).
const (
	entryAt    = `ifnull(e.at, ifnull(s.at, ''))`
	entryClass = `CASE WHEN e.seq IS NOT NULL THEN (CASE WHEN e.stem <> '' THEN 'lifecycle' ELSE 'system' END)
		WHEN a.source = 'access' THEN 'access' ELSE '' END`
)
