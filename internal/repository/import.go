package repository

import (
	"context"
	"crypto"
	"fmt"

	"ezz/internal/push"
)

// Import stores the items of an offline bundle (read by package bundle) as if
// they had been pushed: the manifest's signature and every item are checked
// the same way, and importing a bundle twice stores nothing twice.
func (s *Server) Import(ctx context.Context, b *push.Batch) ([]push.Result, error) {
	m, keyID, err := s.openManifest(b)
	if err != nil {
		return nil, err
	}
	return s.receive(ctx, b, m, keyID, s.cfg.Clock())
}

// Check checks a batch as Import would, storing nothing: each item's result
// is nil when it would be stored, else its rejection.
func (s *Server) Check(ctx context.Context, b *push.Batch) ([]*push.Result, error) {
	m, _, err := s.openManifest(b)
	if err != nil {
		return nil, err
	}
	out := make([]*push.Result, len(b.Items))
	for i := range b.Items {
		out[i] = s.checkItem(ctx, m, i, &b.Items[i])
	}
	return out, nil
}

func (s *Server) openManifest(b *push.Batch) (*push.Manifest, string, error) {
	var keyID string
	m, err := b.OpenManifest(func(id string) (crypto.PublicKey, error) {
		pub, _, err := s.keyFor(id, s.cfg.Clock())
		keyID = id
		return pub, err
	})
	if err != nil {
		return nil, "", fmt.Errorf("the bundle's manifest: %w", err)
	}
	return m, keyID, nil
}
