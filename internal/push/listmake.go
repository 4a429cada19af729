package push

import (
	"context"
	"crypto/tls"
	"net/http"
	"strings"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// MakeStatusList signs the status list of a workspace's certificates as of
// now, valid until now+validFor.
func MakeStatusList(ctx context.Context, ws *workspace.Workspace, l *ledger.Ledger, key *sign.Issuer, now time.Time, validFor time.Duration) ([]byte, error) {
	changed, err := l.NotPlainlyValid(ctx)
	if err != nil {
		return nil, err
	}
	list := StatusList{Issuers: issuersOf(ws), IssuedAt: now.UTC().Format(time.RFC3339),
		NextUpdate: now.Add(validFor).UTC().Format(time.RFC3339), Entries: []StatusEntry{}}
	for _, c := range changed {
		list.Entries = append(list.Entries, StatusEntry{Current: c.Current, Code: c.Status, Reason: c.Reason,
			At: c.UpdatedAt.UTC().Format(time.RFC3339)})
	}
	return SignStatusList(list, key.Key)
}

// issuersOf lists the issuer codes a workspace issues under: the agency's and its offices'.
func issuersOf(ws *workspace.Workspace) []string {
	out := []string{ws.Config.Agency.Code}
	for _, o := range ws.Config.Offices {
		if o.Code != out[0] {
			out = append(out, o.Code)
		}
	}
	return out
}

// ListPosted is the repository's answer to a status list it now keeps.
type ListPosted struct {
	KeyID    string `json:"key_id"`
	IssuedAt string `json:"issued_at"`
}

// PostStatusList sends a signed status list to the repository (POST
// /v1/status-lists, a signed request by the same agency key). A repository
// that keeps a newer list of the key refuses it (409 conflict).
func PostStatusList(ctx context.Context, c *Client, list []byte) (*ListPosted, error) {
	var p ListPosted
	if err := c.Do(ctx, "POST", strings.TrimSuffix(PathStatusLists, "/"), list, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// HTTPClient is the HTTP client of a push: timeout per attempt, and tc for
// an https repository (nil: the system's roots, no client certificate).
func HTTPClient(timeout time.Duration, tc *tls.Config) *http.Client {
	hc := &http.Client{Timeout: timeout}
	if tc != nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = tc
		hc.Transport = tr
	}
	return hc
}
