package push

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"ezz/internal/verify"
)

// OnlineStatus asks a repository for a certificate's status: the status
// source of ezz verify --online.
type OnlineStatus struct {
	BaseURL string
	Timeout time.Duration // default 10 s
}

// Status looks identifier up at the repository. An unreachable repository is
// an error (the status is then not checked, with the reason).
func (o OnlineStatus) Status(ctx context.Context, identifier string) (verify.StatusResult, error) {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	c := &Client{BaseURL: o.BaseURL, HTTP: &http.Client{Timeout: timeout}, Retry: Retry{Attempts: 1}}
	var st Status
	if err := c.Do(ctx, http.MethodGet, PathStatus+url.PathEscape(identifier), nil, &st); err != nil {
		return verify.StatusResult{}, fmt.Errorf("ask %s: %w", o.BaseURL, err)
	}
	src := "repository " + o.BaseURL
	if !st.Found || st.Identifier != identifier {
		return verify.StatusResult{Source: src}, nil
	}
	return verify.StatusResult{Found: true, Code: st.Code, Reason: st.Reason, Current: st.Current, Source: src}, nil
}

// ListStatus answers from a signed status list: the status source of ezz
// verify --status-list. A list past its next_update is an error, never an answer.
type ListStatus struct {
	List *StatusList
	Name string // the file it came from
	At   time.Time
	// Unbound says the list's signer is bound to no issuer code
	// (verify.BindList): its answers are warned about.
	Unbound bool
}

// Status looks identifier up in the list.
func (s ListStatus) Status(_ context.Context, identifier string) (verify.StatusResult, error) {
	src := "status list " + s.Name + " of " + s.List.IssuedAt
	if s.List.Stale(s.At) {
		return verify.StatusResult{}, fmt.Errorf("the status list %s is stale: its next_update %s has passed", s.Name, s.List.NextUpdate)
	}
	e, listed, covered := s.List.Lookup(identifier)
	switch {
	case !covered:
		return verify.StatusResult{Source: src}, nil
	case !listed:
		return verify.StatusResult{Found: true, Code: "01", Current: identifier, Source: src, Unbound: s.Unbound}, nil
	}
	return verify.StatusResult{Found: true, Code: e.Code, Reason: e.Reason, Current: e.Current, Source: src, Unbound: s.Unbound}, nil
}
