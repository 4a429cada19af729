package repository

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"ezz/internal/audit"
	"ezz/internal/push"
)

// checkHead keeps the audit tree head a manifest carries, per agency key,
// after checking its signature and that it extends the head kept before (a
// head whose log is not a continuation of the last one is refused).
func (s *Server) checkHead(r *http.Request, keyID string, m *push.Manifest, now time.Time) error {
	if len(m.TreeHead) == 0 {
		return nil
	}
	ctx := r.Context()
	var th push.TreeHead
	dec := json.NewDecoder(bytes.NewReader(m.TreeHead))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&th); err != nil {
		return fmt.Errorf("tree head: %v", err)
	}
	pub, _, err := s.keyFor(keyID, now)
	if err != nil {
		return err
	}
	if th.Head.KeyID != keyID {
		return fmt.Errorf("the tree head is signed by key %s, the request by %s", th.Head.KeyID, keyID)
	}
	prev, err := s.store.treeHead(ctx, keyID)
	if err != nil {
		return err
	}
	if prev == nil {
		if err := th.Head.Verify(pub); err != nil {
			return err
		}
	} else {
		if th.FromSize != prev.Size {
			return fmt.Errorf("the proof starts at size %d, the head kept has size %d", th.FromSize, prev.Size)
		}
		if err := audit.VerifyHeads(*prev, th.Head, th.Proof, pub); err != nil {
			return fmt.Errorf("the tree head of size %d does not extend the one kept (size %d): %w", th.Head.Size, prev.Size, err)
		}
	}
	head, _ := json.Marshal(th.Head)
	_, err = s.store.db.ExecContext(ctx, `INSERT INTO tree_heads (key_id, head, received_at) VALUES (?, ?, ?)
		ON CONFLICT (key_id) DO UPDATE SET head = excluded.head, received_at = excluded.received_at`, keyID, head, utc(now))
	return err
}

// treeHead is the head kept of keyID, or nil.
func (st *Store) treeHead(ctx context.Context, keyID string) (*audit.Head, error) {
	var raw []byte
	err := st.db.QueryRowContext(ctx, "SELECT head FROM tree_heads WHERE key_id = ?", keyID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h, err := audit.ParseHead(raw)
	return &h, err
}

// handleTreeHead answers GET /v1/tree-heads/{key}: the head kept of an agency key.
func (s *Server) handleTreeHead(w http.ResponseWriter, r *http.Request) {
	h, err := s.store.treeHead(r.Context(), r.PathValue("key"))
	switch {
	case err != nil:
		refuse(w, http.StatusInternalServerError, push.CodeInternal, "the tree head could not be read")
	case h == nil:
		refuse(w, http.StatusNotFound, "not-found", "no tree head of this key")
	default:
		s.writeSigned(w, r, http.StatusOK, h)
	}
}
