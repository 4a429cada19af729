package ledger

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order; PRAGMA user_version counts those applied.
// Never edit one that has shipped: append a new one.
var migrations = []string{
	// 1: the first schema.
	`
CREATE TABLE events (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	station    TEXT NOT NULL,
	kind       TEXT NOT NULL,
	stem       TEXT NOT NULL DEFAULT '',
	identifier TEXT NOT NULL DEFAULT '',
	batch_id   TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT '{}',
	outcome    TEXT NOT NULL DEFAULT 'ok'
);
CREATE INDEX events_stem ON events(stem) WHERE stem <> '';
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
	BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
	BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE stations (
	code        TEXT PRIMARY KEY,
	next_serial INTEGER NOT NULL CHECK (next_serial >= 1)
);

CREATE TABLE batches (
	id            TEXT PRIMARY KEY,
	station       TEXT NOT NULL,
	register      TEXT NOT NULL,
	register_sm3  TEXT NOT NULL,
	template_hash TEXT NOT NULL,
	started_at    TEXT NOT NULL,
	concluded_at  TEXT,
	issued        INTEGER NOT NULL DEFAULT 0,
	rejected      INTEGER NOT NULL DEFAULT 0,
	skipped       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (register_sm3, template_hash, station)
);

CREATE TABLE certificates (
	stem          TEXT PRIMARY KEY,
	identifier    TEXT NOT NULL UNIQUE,
	type_code     TEXT NOT NULL,
	station       TEXT NOT NULL REFERENCES stations(code),
	serial        TEXT NOT NULL,
	serial_n      INTEGER NOT NULL,
	version       INTEGER NOT NULL,
	number        TEXT NOT NULL,
	holder_code   TEXT NOT NULL,
	status        TEXT NOT NULL,
	status_reason TEXT NOT NULL DEFAULT '',
	batch_id      TEXT REFERENCES batches(id),
	issued_at     TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	last_event    INTEGER NOT NULL REFERENCES events(seq),
	UNIQUE (type_code, number),
	UNIQUE (station, serial_n)
);
CREATE INDEX certificates_holder ON certificates(holder_code);
CREATE TRIGGER certificates_event_insert BEFORE INSERT ON certificates
	WHEN (SELECT stem FROM events WHERE seq = NEW.last_event) IS NOT NEW.stem
	BEGIN SELECT RAISE(ABORT, 'certificate written without its event'); END;
CREATE TRIGGER certificates_event_update BEFORE UPDATE ON certificates
	WHEN NEW.last_event <= OLD.last_event
	  OR (SELECT stem FROM events WHERE seq = NEW.last_event) IS NOT NEW.stem
	  OR NEW.stem <> OLD.stem
	BEGIN SELECT RAISE(ABORT, 'certificate changed without its event'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
	BEGIN SELECT RAISE(ABORT, 'certificates are never deleted: change their status'); END;

CREATE TABLE versions (
	identifier TEXT PRIMARY KEY,
	stem       TEXT NOT NULL REFERENCES certificates(stem) DEFERRABLE INITIALLY DEFERRED,
	version    INTEGER NOT NULL,
	record     BLOB NOT NULL,
	pdf_path   TEXT NOT NULL DEFAULT '',
	pdf_sm3    TEXT NOT NULL DEFAULT '',
	issued_at  TEXT NOT NULL,
	event      INTEGER NOT NULL REFERENCES events(seq),
	UNIQUE (stem, version)
);
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
	BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
	BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;

CREATE TABLE batch_rows (
	batch_id      TEXT NOT NULL REFERENCES batches(id),
	row_key       TEXT NOT NULL,
	identifier    TEXT REFERENCES versions(identifier),
	reject_reason TEXT NOT NULL DEFAULT '',
	at            TEXT NOT NULL,
	PRIMARY KEY (batch_id, row_key),
	CHECK ((identifier IS NULL) <> (reject_reason = ''))
) WITHOUT ROWID;
CREATE TRIGGER batch_rows_keep_issued BEFORE UPDATE ON batch_rows
	WHEN OLD.identifier IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'an issued row cannot change'); END;

CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	identifier  TEXT NOT NULL REFERENCES versions(identifier),
	version     INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	enqueued_at TEXT NOT NULL,
	deadline    TEXT,
	pushed_at   TEXT,
	event       INTEGER NOT NULL REFERENCES events(seq)
);
CREATE INDEX outbox_pending ON outbox(enqueued_at) WHERE pushed_at IS NULL;

CREATE TABLE access_log (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	station TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	result  TEXT NOT NULL
);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
	BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
	BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`,
	// 2: the lifecycle (docs/lifecycle.md): the pledge mark, review requests,
	// the rows of bulk changes already applied.
	migrationLifecycle,
	// 3: the audit log (docs/audit.md).
	auditSchema,
	// 4: the repository's receipts of pushed entries, and its rejections (receipts.go).
	migrationPush,
	// 5: audit entries point at their event or access-log row instead of copying it (audit_ref.go).
	auditRefSchema,
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = len(migrations)

// migrate applies the migrations the file lacks, each in its own transaction.
func (l *Ledger) migrate(ctx context.Context) error {
	for {
		done, err := l.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (l *Ledger) migrateOne(ctx context.Context) (done bool, err error) {
	err = l.tx(ctx, func(t *sql.Tx) error {
		var v int
		if err := t.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		switch {
		case v > len(migrations):
			return fmt.Errorf("%w: schema %d, this ezz knows up to %d", ErrNewerSchema, v, len(migrations))
		case v == len(migrations):
			done = true
			return nil
		}
		if _, err := t.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		_, err := t.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
		return err
	})
	return done, err
}
