package ledger

import (
	"context"
	"encoding/json"
	"fmt"
)

// MaxIdentifiers is how many identifiers ByIdentifiers looks up at once.
const MaxIdentifiers = 512

// ByIdentifiers is ByIdentifier for many identifiers in one query (one read
// of the ledger, so the answers are of one moment): the certificate of each
// identifier that one of its versions has, keyed by that identifier; an
// identifier the ledger does not hold has no entry.
func (l *Ledger) ByIdentifiers(ctx context.Context, identifiers []string) (map[string]*Certificate, error) {
	if len(identifiers) > MaxIdentifiers {
		return nil, fmt.Errorf("look up %d identifiers at once: at most %d", len(identifiers), MaxIdentifiers)
	}
	out := make(map[string]*Certificate, len(identifiers))
	if len(identifiers) == 0 {
		return out, nil
	}
	list, err := json.Marshal(identifiers)
	if err != nil {
		return nil, err
	}
	st, err := l.prepared(ctx, `SELECT `+certColumns+`
		FROM versions v JOIN certificates c ON c.stem = v.stem
		WHERE v.identifier IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, string(list))
	if err != nil {
		return nil, fmt.Errorf("look up %d identifiers: %w", len(identifiers), err)
	}
	defer rs.Close()
	for rs.Next() {
		c, err := scanCertificate(rs.Scan)
		if err != nil {
			return nil, fmt.Errorf("look up %d identifiers: %w", len(identifiers), err)
		}
		out[c.Asked.Identifier] = c
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("look up %d identifiers: %w", len(identifiers), err)
	}
	return out, nil
}

// scanCertificate reads one row of certColumns.
func scanCertificate(scan func(dest ...any) error) (*Certificate, error) {
	var c Certificate
	var issued, updated, vIssued string
	err := scan(&c.Identifier, &c.TypeCode, &c.Station, &c.Serial, &c.SerialN, &c.Version, &c.Number,
		&c.HolderCode, &c.Status, &c.StatusReason, &c.Pledged, &c.BatchID, &issued, &updated,
		&c.Asked.Identifier, &c.Asked.Version, &c.Asked.Record, &c.Asked.PDFPath, &c.Asked.PDFSM3, &vIssued)
	if err != nil {
		return nil, err
	}
	c.IssuedAt, c.UpdatedAt, c.Asked.IssuedAt = parseUTC(issued), parseUTC(updated), parseUTC(vIssued)
	return &c, nil
}
