package push

import (
	"context"
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
