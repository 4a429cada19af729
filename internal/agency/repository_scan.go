package agency

import (
	"context"
	"time"

	"ezz/internal/repository"
	"ezz/internal/verify"
	"ezz/internal/web"
)

// Scan is the scan page of the receiver (docs/web.md): QR codes are checked
// against the issuers it trusts (less the revoked keys), the status is the
// one pushed to it, the record the one received, and every look-up goes to
// its access log.
func (r *Repository) Scan(limit web.Limit) *web.Scan {
	now := r.now
	if now == nil {
		now = time.Now
	}
	src := receivedStatus{srv: r.srv}
	return web.NewScan(web.ScanOptions{Verifier: web.Checker{Trust: r.trust, Status: src, Now: now},
		Log: r.srv, Station: "repository", Limit: limit, Now: now})
}

// receivedStatus is the status source of a receiver: what was pushed to it.
type receivedStatus struct{ srv *repository.Server }

// Status looks identifier up among the items received.
func (s receivedStatus) Status(ctx context.Context, identifier string) (verify.StatusResult, error) {
	st, err := s.srv.Status(ctx, identifier)
	if err != nil || !st.Found {
		return verify.StatusResult{Source: "repository"}, err
	}
	rec, err := s.srv.Record(ctx, identifier)
	if err != nil {
		return verify.StatusResult{}, err
	}
	res := verify.StatusResult{Found: true, Code: st.Code, Reason: st.Reason, Current: st.Current, Record: rec, Source: "repository"}
	since := st.ChangedAt
	if since == "" {
		since = st.ReceivedAt
	}
	res.Since, _ = time.Parse(time.RFC3339, since)
	return res, nil
}
