package ledger

// migrationLifecycle adds the pledge mark of a certificate (质押, kept apart
// from its status code), review requests (复核) with their answer deadlines,
// and the rows of bulk-change workbooks already applied (so that a rerun or a
// resumed run applies none twice).
const migrationLifecycle = `
ALTER TABLE certificates ADD COLUMN pledged INTEGER NOT NULL DEFAULT 0 CHECK (pledged IN (0, 1));

CREATE TABLE reviews (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	stem         TEXT NOT NULL REFERENCES certificates(stem),
	identifier   TEXT NOT NULL,
	reason       TEXT NOT NULL CHECK (reason <> ''),
	received_at  TEXT NOT NULL,
	deadline     TEXT NOT NULL,
	rule         TEXT NOT NULL,
	open_event   INTEGER NOT NULL REFERENCES events(seq),
	closed_at    TEXT,
	outcome      TEXT NOT NULL DEFAULT '',
	close_event  INTEGER REFERENCES events(seq),
	CHECK ((closed_at IS NULL) = (close_event IS NULL))
);
CREATE INDEX reviews_open ON reviews(deadline) WHERE closed_at IS NULL;
CREATE TRIGGER reviews_close_once BEFORE UPDATE ON reviews
	WHEN OLD.closed_at IS NOT NULL OR NEW.id <> OLD.id OR NEW.stem <> OLD.stem OR NEW.reason <> OLD.reason
	  OR NEW.received_at <> OLD.received_at OR NEW.deadline <> OLD.deadline OR NEW.open_event <> OLD.open_event
	  OR NEW.close_event IS NULL OR (SELECT stem FROM events WHERE seq = NEW.close_event) IS NOT NEW.stem
	BEGIN SELECT RAISE(ABORT, 'a review is closed once, with its event'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
	BEGIN SELECT RAISE(ABORT, 'reviews are never deleted'); END;

CREATE TABLE change_rows (
	workbook_sm3  TEXT NOT NULL,
	row_key       TEXT NOT NULL,
	identifier    TEXT NOT NULL DEFAULT '',
	event         INTEGER REFERENCES events(seq),
	reject_reason TEXT NOT NULL DEFAULT '',
	at            TEXT NOT NULL,
	PRIMARY KEY (workbook_sm3, row_key),
	CHECK ((event IS NULL) <> (reject_reason = ''))
) WITHOUT ROWID;
CREATE TRIGGER change_rows_keep_applied BEFORE UPDATE ON change_rows
	WHEN OLD.event IS NOT NULL
	BEGIN SELECT RAISE(ABORT, 'an applied change row cannot change'); END;
`
