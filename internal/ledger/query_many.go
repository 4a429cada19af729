package ledger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// MaxIdentifiers is how many identifiers ByIdentifiers looks up at once.
const MaxIdentifiers = 512

// ByIdentifiers is ByIdentifier for many identifiers in one query (one read
// of the ledger, so the answers are of one moment): the certificate of each
// identifier that one of its versions has, keyed by that identifier; an
// identifier the ledger does not hold has no entry. An identifier that is
// not valid UTF-8 is looked up alone, as IssuedNumbers does: the query's
// JSON list would turn it into another identifier (U+FFFD).
func (l *Ledger) ByIdentifiers(ctx context.Context, identifiers []string) (map[string]*Certificate, error) {
	if len(identifiers) > MaxIdentifiers {
		return nil, fmt.Errorf("look up %d identifiers at once: at most %d", len(identifiers), MaxIdentifiers)
	}
	out := make(map[string]*Certificate, len(identifiers))
	valid := make([]string, 0, len(identifiers))
	for _, id := range identifiers {
		if utf8.ValidString(id) {
			valid = append(valid, id)
			continue
		}
		c, err := l.ByIdentifier(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = c
	}
	if len(valid) == 0 {
		return out, nil
	}
	return out, l.byValidIdentifiers(ctx, valid, out)
}

// byValidIdentifiers looks up identifiers, all valid UTF-8, in one query
// and adds what it finds to out.
func (l *Ledger) byValidIdentifiers(ctx context.Context, identifiers []string, out map[string]*Certificate) error {
	list, err := json.Marshal(identifiers)
	if err != nil {
		return err
	}
	st, err := l.prepared(ctx, `SELECT `+certColumns+`
		FROM versions v JOIN certificates c ON c.stem = v.stem
		WHERE v.identifier IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return err
	}
	rs, err := st.QueryContext(ctx, string(list))
	if err != nil {
		return fmt.Errorf("look up %d identifiers: %w", len(identifiers), err)
	}
	defer rs.Close()
	for rs.Next() {
		c, err := scanCertificate(rs.Scan)
		if err != nil {
			return fmt.Errorf("look up %d identifiers: %w", len(identifiers), err)
		}
		out[c.Asked.Identifier] = c
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("look up %d identifiers: %w", len(identifiers), err)
	}
	return nil
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
