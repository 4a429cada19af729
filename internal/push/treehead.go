package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"ezz/internal/audit"
	"ezz/internal/ledger"
	"ezz/internal/sign"
)

// PathTreeHeads is where a repository tells the tree head it keeps of an
// agency key (+ key id).
const PathTreeHeads = "/v1/tree-heads/"

// TreeHead is what a manifest carries of the agency's audit log: its latest
// signed tree head and a consistency proof from the head the repository kept
// (of size FromSize), so the repository can tell the log only grew.
type TreeHead struct {
	Head     audit.Head   `json:"head"`
	FromSize uint64       `json:"from_size"`
	Proof    []audit.Hash `json:"proof"`
}

// HeadSource is the agency's audit log: the ledger.
type HeadSource interface {
	LatestHead(ctx context.Context) (audit.Head, error)
	HeadOfSize(ctx context.Context, size uint64) (audit.Head, error)
	ConsistencyProof(ctx context.Context, old, new audit.Head) ([]audit.Hash, error)
}

// HeadSender gives each batch the agency's latest tree head with a proof
// from the head the repository kept: it asks the repository once, then
// remembers what it sent.
type HeadSender struct {
	Log    HeadSource
	Client *Client
	kept   *audit.Head
}

// Next is the tree head for the next batch (nil when the log has no head yet).
func (s *HeadSender) Next(ctx context.Context) (json.RawMessage, error) {
	latest, err := s.Log.LatestHead(ctx)
	if errors.Is(err, ledger.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if s.kept == nil {
		if s.kept, err = s.repositoryHead(ctx); err != nil {
			return nil, err
		}
	}
	th := TreeHead{Head: latest, Proof: []audit.Hash{}}
	if s.kept.Size > 0 && s.kept.Size <= latest.Size {
		old, err := s.Log.HeadOfSize(ctx, s.kept.Size)
		if err != nil {
			return nil, fmt.Errorf("the repository keeps a tree head of size %d this ledger does not have: %w", s.kept.Size, err)
		}
		if th.Proof, err = s.Log.ConsistencyProof(ctx, old, latest); err != nil {
			return nil, err
		}
		th.FromSize = old.Size
	}
	s.kept = &latest
	return json.Marshal(th)
}

// repositoryHead asks the repository for the head it keeps of the agency key.
func (s *HeadSender) repositoryHead(ctx context.Context) (*audit.Head, error) {
	var h audit.Head
	err := s.Client.Do(ctx, http.MethodGet, PathTreeHeads+sign.KeyID(s.Client.Key.Public()), nil, &h)
	var refused *RefusedError
	if errors.As(err, &refused) && refused.Status == http.StatusNotFound {
		return &audit.Head{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ask the repository for the tree head it keeps: %w", err)
	}
	return &h, nil
}
