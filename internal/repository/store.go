package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// schema is the receiver's store. Items are never updated or deleted.
const schema = `
CREATE TABLE IF NOT EXISTS manifests (
	sm3        TEXT PRIMARY KEY,
	key_id     TEXT NOT NULL,
	manifest   BLOB NOT NULL,
	signature  TEXT NOT NULL,
	received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	key         TEXT NOT NULL UNIQUE,
	digest      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	identifier  TEXT NOT NULL,
	stem        TEXT NOT NULL,
	version     INTEGER NOT NULL,
	issuer_key  TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT '',
	event_at    TEXT NOT NULL,
	received_at TEXT NOT NULL,
	receipt     TEXT NOT NULL UNIQUE,
	manifest    TEXT NOT NULL REFERENCES manifests(sm3),
	record      BLOB,
	pdf         BLOB,
	pdf_sm3     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS items_stem ON items(stem, kind);
CREATE INDEX IF NOT EXISTS items_identifier ON items(identifier) WHERE kind <> 'status';
CREATE TRIGGER IF NOT EXISTS items_no_update BEFORE UPDATE ON items
	BEGIN SELECT RAISE(ABORT, 'items are append-only'); END;
CREATE TRIGGER IF NOT EXISTS items_no_delete BEFORE DELETE ON items
	BEGIN SELECT RAISE(ABORT, 'items are append-only'); END;
CREATE TABLE IF NOT EXISTS nonces (
	key_id TEXT NOT NULL,
	nonce  TEXT NOT NULL,
	at     TEXT NOT NULL,
	PRIMARY KEY (key_id, nonce)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS status_lists (
	key_id      TEXT PRIMARY KEY,
	list        BLOB NOT NULL,
	issued_at   TEXT NOT NULL,
	received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tree_heads (
	key_id      TEXT PRIMARY KEY,
	head        BLOB NOT NULL,
	received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS access_log (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TEXT NOT NULL, actor TEXT NOT NULL, station TEXT NOT NULL,
	action TEXT NOT NULL, subject TEXT NOT NULL, result TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
	BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
`

// Store is the receiver's SQLite file.
type Store struct{ db *sql.DB }

// OpenStore opens (creating if needed) the store at path.
func OpenStore(path string) (*Store, error) {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	for _, p := range []string{"busy_timeout(30000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(ON)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open repository store %q: %w", path, err)
	}
	if _, err := db.Exec(schema + schemaRows); err != nil {
		db.Close()
		return nil, fmt.Errorf("open repository store %q: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	t, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(t); err != nil {
		t.Rollback()
		return err
	}
	return t.Commit()
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// errReplayed is returned when a nonce was seen before.
var errReplayed = errors.New("nonce already used")

// useNonce records a request's nonce; a nonce seen before is refused. Nonces
// older than twice the replay window are forgotten (their requests are stale).
func (s *Store) useNonce(ctx context.Context, keyID, nonce string, now time.Time, window time.Duration) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := t.ExecContext(ctx, "DELETE FROM nonces WHERE at < ?", utc(now.Add(-2*window))); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, "INSERT INTO nonces (key_id, nonce, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", keyID, nonce, utc(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errReplayed
		}
		return nil
	})
}
