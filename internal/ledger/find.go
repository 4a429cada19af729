package ledger

import (
	"context"
	"fmt"
)

// MaxFound bounds what Find returns.
const MaxFound = 50

// Find looks certificates up by what a clerk types: the identifier of any
// version, a certificate number (of any type) or a holder's code — exact
// matches only, at most MaxFound, each at its current version.
func (l *Ledger) Find(ctx context.Context, q string) ([]*Certificate, error) {
	rs, err := l.db.QueryContext(ctx, `SELECT DISTINCT c.identifier FROM certificates c JOIN versions v ON v.stem = c.stem
		WHERE v.identifier = ? OR c.number = ? OR c.holder_code = ? ORDER BY c.identifier LIMIT ?`, q, q, q, MaxFound)
	if err != nil {
		return nil, fmt.Errorf("find %q: %w", q, err)
	}
	var ids []string
	for rs.Next() {
		var id string
		if err := rs.Scan(&id); err != nil {
			rs.Close()
			return nil, fmt.Errorf("find %q: %w", q, err)
		}
		ids = append(ids, id)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("find %q: %w", q, err)
	}
	out := make([]*Certificate, 0, len(ids))
	for _, id := range ids {
		c, err := l.ByIdentifier(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
