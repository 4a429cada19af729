package repository

import (
	"context"
	"database/sql"
	"errors"
	"net/http"

	"ezz/internal/ident"
	"ezz/internal/push"
)

// Status is what the repository knows of a certificate's current state.
type Status = push.Status

// Status looks up the certificate one of whose versions has identifier: its
// current version and status. An unknown certificate is not an error: Found
// is false. This is the look-up other handlers mounted on the receiver use.
func (s *Server) Status(ctx context.Context, identifier string) (Status, error) {
	return s.store.status(ctx, identifier)
}

func (st *Store) status(ctx context.Context, identifier string) (Status, error) {
	out := Status{Identifier: identifier, Code: "01"}
	stem := push.StemOf(identifier)
	err := st.db.QueryRowContext(ctx, `SELECT identifier, version, issuer_key, received_at FROM items
		WHERE stem = ? AND kind <> 'status' ORDER BY version DESC, seq DESC LIMIT 1`, stem).
		Scan(&out.Current, &out.Version, &out.IssuerKey, &out.ReceivedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{Identifier: identifier}, nil
	}
	if err != nil {
		return Status{}, err
	}
	out.Found = true
	err = st.db.QueryRowContext(ctx, `SELECT status, reason, event_at FROM items
		WHERE stem = ? AND kind = 'status' ORDER BY event_at DESC, seq DESC LIMIT 1`, stem).Scan(&out.Code, &out.Reason, &out.ChangedAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Status{}, err
	}
	return out, nil
}

// handleStatus answers GET /v1/status/{identifier}.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("identifier")
	if _, err := ident.Parse(id); err != nil {
		refuse(w, http.StatusBadRequest, push.CodeMalformed, "not a certificate identifier: "+err.Error())
		return
	}
	st, err := s.Status(r.Context(), id)
	if err != nil {
		refuse(w, http.StatusInternalServerError, push.CodeInternal, "the status could not be read")
		return
	}
	writeJSON(w, http.StatusOK, st)
}
