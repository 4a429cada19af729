package ledger

import (
	"context"
	"fmt"
	"time"
)

// ChangedCertificate is a certificate that is not simply valid in its first version:
// what a status list names.
type ChangedCertificate struct {
	Current   string // the current version's identifier
	Status    string
	Reason    string
	UpdatedAt time.Time
}

// NotPlainlyValid lists every certificate whose status is not 01 or that has
// more than one version, by identifier.
func (l *Ledger) NotPlainlyValid(ctx context.Context) ([]ChangedCertificate, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT identifier, status, status_reason, updated_at FROM certificates
		WHERE status <> ? OR version > 1 ORDER BY identifier`, StatusValid)
	if err != nil {
		return nil, fmt.Errorf("read changed certificates: %w", err)
	}
	defer rs.Close()
	var out []ChangedCertificate
	for rs.Next() {
		var c ChangedCertificate
		var at string
		if err := rs.Scan(&c.Current, &c.Status, &c.Reason, &at); err != nil {
			return nil, fmt.Errorf("read changed certificates: %w", err)
		}
		c.UpdatedAt = parseUTC(at)
		out = append(out, c)
	}
	return out, rs.Err()
}
