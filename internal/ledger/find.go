package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"unicode/utf8"
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
	return l.certificatesOf(ctx, rs, q)
}

// MinNameQuery is the fewest characters FindHolderName searches for.
const MinNameQuery = 2

// FindHolderName looks certificates up whose current version's signed record
// names a holder (CZZT) containing name, at most MaxFound. The ledger has no
// name column: this scans the records (about 0.1 s per 10,000 with the C
// sqlite3, a few times that here), the bytes first, then the one field. The
// caller checks the signature of what it shows.
func (l *Ledger) FindHolderName(ctx context.Context, name string) ([]*Certificate, error) {
	if utf8.RuneCountInString(name) < MinNameQuery {
		return nil, nil
	}
	rs, err := l.db.QueryContext(ctx, `SELECT c.identifier FROM certificates c JOIN versions v ON v.identifier = c.identifier
		WHERE instr(v.record, ?) > 0 AND instr(json_extract(v.record, '$.record.metadata.CZZT'), ?) > 0
		ORDER BY c.identifier LIMIT ?`, []byte(name), name, MaxFound)
	if err != nil {
		return nil, fmt.Errorf("find holder %q: %w", name, err)
	}
	return l.certificatesOf(ctx, rs, name)
}

// certificatesOf reads the identifiers rs selects and returns their
// certificates; q names the search in errors.
func (l *Ledger) certificatesOf(ctx context.Context, rs *sql.Rows, q string) ([]*Certificate, error) {
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
