package repository

import (
	"database/sql"
	"errors"
	"net/http"
	"time"

	"ezz/internal/push"
)

// checkHead keeps the audit tree head a manifest carries, per issuer key,
// after Config.Heads finds it consistent with the last one kept.
func (s *Server) checkHead(r *http.Request, keyID string, m *push.Manifest, now time.Time) error {
	if len(m.TreeHead) == 0 {
		return nil
	}
	ctx := r.Context()
	var prev []byte
	err := s.store.db.QueryRowContext(ctx, "SELECT head FROM tree_heads WHERE key_id = ?", keyID).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if s.cfg.Heads != nil {
		if err := s.cfg.Heads(keyID, prev, m.TreeHead); err != nil {
			return err
		}
	}
	_, err = s.store.db.ExecContext(ctx, `INSERT INTO tree_heads (key_id, head, received_at) VALUES (?, ?, ?)
		ON CONFLICT (key_id) DO UPDATE SET head = excluded.head, received_at = excluded.received_at`, keyID, []byte(m.TreeHead), utc(now))
	return err
}
