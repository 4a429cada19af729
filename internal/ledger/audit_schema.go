package ledger

// auditSchema is the migration that adds the audit log (docs/audit.md):
// every event and every access-log entry is copied into audit_entries by a
// trigger, in the transaction that inserts it, so no code path can write one
// without the other; the tree's nodes and its signed heads are written when
// a head is made (audit_seal.go). Entries already in the ledger become the
// first leaves, in the order they happened.
const auditSchema = `
CREATE TABLE audit_entries (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT, -- leaf index + 1
	source     TEXT NOT NULL,                     -- event | access
	source_seq INTEGER NOT NULL,
	at         TEXT NOT NULL,
	retention  TEXT NOT NULL,                     -- access | lifecycle | system
	operator   TEXT,                              -- the body: NULL once pruned
	station    TEXT,
	action     TEXT,
	subject    TEXT,
	batch      TEXT,
	outcome    TEXT,
	detail     TEXT,
	pruned     INTEGER                            -- the prune event's seq, or NULL
);
INSERT INTO audit_entries (source, source_seq, at, retention, operator, station, action, subject, batch, outcome, detail)
	SELECT source, source_seq, at, retention, operator, station, action, subject, batch, outcome, detail FROM (
		SELECT 'event' AS source, seq AS source_seq, at, CASE WHEN stem <> '' THEN 'lifecycle' ELSE 'system' END AS retention,
			actor AS operator, station, kind AS action, identifier AS subject, batch_id AS batch, outcome, detail FROM events
		UNION ALL
		SELECT 'access', seq, at, 'access', actor, station, action, subject, '', result, '{}' FROM access_log
	) ORDER BY at, source DESC, source_seq;
CREATE TRIGGER events_audit AFTER INSERT ON events BEGIN
	INSERT INTO audit_entries (source, source_seq, at, retention, operator, station, action, subject, batch, outcome, detail)
	VALUES ('event', NEW.seq, NEW.at, CASE WHEN NEW.stem <> '' THEN 'lifecycle' ELSE 'system' END,
		NEW.actor, NEW.station, NEW.kind, NEW.identifier, NEW.batch_id, NEW.outcome, NEW.detail);
END;
CREATE TRIGGER access_log_audit AFTER INSERT ON access_log BEGIN
	INSERT INTO audit_entries (source, source_seq, at, retention, operator, station, action, subject, batch, outcome, detail)
	VALUES ('access', NEW.seq, NEW.at, 'access', NEW.actor, NEW.station, NEW.action, NEW.subject, '', NEW.result, '{}');
END;
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
	WHEN OLD.pruned IS NOT NULL OR NEW.pruned IS NULL OR OLD.retention <> 'access'
	  OR NEW.seq IS NOT OLD.seq OR NEW.source IS NOT OLD.source OR NEW.source_seq IS NOT OLD.source_seq
	  OR NEW.at IS NOT OLD.at OR NEW.retention IS NOT OLD.retention
	  OR NEW.operator IS NOT NULL OR NEW.station IS NOT NULL OR NEW.action IS NOT NULL OR NEW.subject IS NOT NULL
	  OR NEW.batch IS NOT NULL OR NEW.outcome IS NOT NULL OR NEW.detail IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: a prune only empties an access entry'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
	BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;

CREATE TABLE audit_nodes (
	level INTEGER NOT NULL, -- 0 = leaf hashes, then every 4th level (audit.Stride)
	idx   INTEGER NOT NULL,
	hash  BLOB NOT NULL,
	PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TRIGGER audit_nodes_no_update BEFORE UPDATE ON audit_nodes
	BEGIN SELECT RAISE(ABORT, 'audit nodes are append-only'); END;
CREATE TRIGGER audit_nodes_no_delete BEFORE DELETE ON audit_nodes
	BEGIN SELECT RAISE(ABORT, 'audit nodes are append-only'); END;

CREATE TABLE audit_heads (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	size      INTEGER NOT NULL,
	root      BLOB NOT NULL,
	at        TEXT NOT NULL,
	key_id    TEXT NOT NULL,
	signature BLOB NOT NULL
);
CREATE TRIGGER audit_heads_no_update BEFORE UPDATE ON audit_heads
	BEGIN SELECT RAISE(ABORT, 'tree heads are append-only'); END;
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
	BEGIN SELECT RAISE(ABORT, 'tree heads are append-only'); END;

-- A prune lets access-log rows up to access_seq be deleted, after their
-- audit entries were emptied; nothing else can be.
CREATE TABLE audit_cuts (
	event      INTEGER PRIMARY KEY REFERENCES events(seq),
	before     TEXT NOT NULL,
	access_seq INTEGER NOT NULL
);
CREATE TRIGGER audit_cuts_no_update BEFORE UPDATE ON audit_cuts
	BEGIN SELECT RAISE(ABORT, 'prunes are append-only'); END;
CREATE TRIGGER audit_cuts_no_delete BEFORE DELETE ON audit_cuts
	BEGIN SELECT RAISE(ABORT, 'prunes are append-only'); END;
DROP TRIGGER access_log_no_delete;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
	WHEN OLD.seq > (SELECT ifnull(max(access_seq), 0) FROM audit_cuts)
	BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`
