package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"ezz/internal/ledger"
)

// Front puts a handler in front of the receiver: wrap gets the receiver and
// returns what serves every request first, passing on the ones it does not
// answer. It is for pages that must see the path as sent, before the mux
// cleans it — the scan page's (*web.Scan).Wrap: a token may hold "//".
// Call it before serving.
func (s *Server) Front(wrap func(http.Handler) http.Handler) { s.front = wrap(s.front) }

// Record returns the signed record of the version with identifier, or nil
// when the receiver has none.
func (s *Server) Record(ctx context.Context, identifier string) ([]byte, error) {
	var rec []byte
	err := s.store.db.QueryRowContext(ctx, `SELECT record FROM items WHERE identifier = ? AND kind <> 'status'
		ORDER BY seq LIMIT 1`, identifier).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the record of %s: %w", identifier, err)
	}
	return rec, nil
}

// LogAccess appends look-ups of pages in front of the receiver to its
// access log (R12), all in one transaction.
func (s *Server) LogAccess(ctx context.Context, entries ...ledger.Access) error {
	return s.store.tx(ctx, func(t *sql.Tx) error {
		for _, a := range entries {
			if _, err := t.ExecContext(ctx, `INSERT INTO access_log (at, actor, station, action, subject, result)
				VALUES (?, ?, ?, ?, ?, ?)`, utc(a.At), a.Actor, a.Station, a.Action, a.Subject, a.Result); err != nil {
				return fmt.Errorf("write the access log: %w", err)
			}
		}
		return nil
	})
}
