package repository

import (
	"crypto"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"ezz/internal/push"
)

// handlePutStatusList keeps the signed status list an agency pushes (a signed
// request whose body is the list, signed by the same key). An older list than
// the one kept is refused.
func (s *Server) handlePutStatusList(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Clock()
	body, keyID, ok := s.authenticated(w, r, now)
	if !ok {
		return
	}
	l, err := push.OpenStatusList(body, func(id string) (crypto.PublicKey, error) {
		if id != keyID {
			return nil, fmt.Errorf("%w: signed by key %s, the request by %s", push.ErrStatusList, id, keyID)
		}
		pub, _, err := s.keyFor(id, now)
		return pub, err
	})
	if err != nil {
		refuse(w, http.StatusBadRequest, push.CodeMalformed, err.Error())
		return
	}
	if _, err := l.Bind(s.cfg.Trust); err != nil { // a list speaks only for its key's issuer codes
		refuse(w, http.StatusBadRequest, push.CodeMismatch, err.Error())
		return
	}
	res, err := s.store.db.ExecContext(r.Context(), `INSERT INTO status_lists (key_id, list, issued_at, received_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (key_id) DO UPDATE SET list = excluded.list, issued_at = excluded.issued_at, received_at = excluded.received_at
		WHERE excluded.issued_at >= status_lists.issued_at`, keyID, body, l.IssuedAt, utc(now))
	if err != nil {
		refuse(w, http.StatusInternalServerError, push.CodeInternal, "the status list could not be stored")
		return
	}
	if n, _ := res.RowsAffected(); n == 0 {
		refuse(w, http.StatusConflict, push.CodeConflict, "a newer status list of this key is kept")
		return
	}
	s.writeSigned(w, r, http.StatusOK, map[string]string{"key_id": keyID, "issued_at": l.IssuedAt})
}

// handleGetStatusList serves the latest status list of an issuer key, as signed.
func (s *Server) handleGetStatusList(w http.ResponseWriter, r *http.Request) {
	var list []byte
	err := s.store.db.QueryRowContext(r.Context(), "SELECT list FROM status_lists WHERE key_id = ?", r.PathValue("key")).Scan(&list)
	if errors.Is(err, sql.ErrNoRows) {
		refuse(w, http.StatusNotFound, "not-found", "no status list of this key")
		return
	}
	if err != nil {
		refuse(w, http.StatusInternalServerError, push.CodeInternal, "the status list could not be read")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(list)
}
