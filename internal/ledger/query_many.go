package ledger

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
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
	st, err := l.prepared(ctx, `SELECT `+certColumns+`
		FROM versions v JOIN certificates c ON c.stem = v.stem
		WHERE v.identifier IN (`+textListQuery+`)`)
	if err != nil {
		return nil, err
	}
	rs, err := st.QueryContext(ctx, textList(identifiers))
	if err != nil {
		return nil, fmt.Errorf("look up %d identifiers: %w", len(identifiers), err)
	}
	defer rs.Close()
	for rs.Next() {
		c, err := l.scanCertificate(rs.Scan)
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

// textList is strings as one query argument, which textListQuery reads back
// as a table: a JSON list of their bytes in hex, so that every string comes
// back as it was, one that is not valid UTF-8 too (as JSON text it would
// become U+FFFD, another string the ledger may hold).
func textList(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(hex.EncodeToString([]byte(s)))
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String()
}

// textListQuery is the strings of a textList argument, as text.
const textListQuery = `SELECT CAST(unhex(value) AS TEXT) FROM json_each(?)`

// scanCertificate reads one row of certColumns.
func (l *Ledger) scanCertificate(scan func(dest ...any) error) (*Certificate, error) {
	var c Certificate
	var issued, updated, vIssued string
	err := scan(&c.Identifier, &c.TypeCode, &c.Station, &c.Serial, &c.SerialN, &c.Version, &c.Number,
		&c.HolderCode, &c.Status, &c.StatusReason, &c.Pledged, &c.BatchID, &issued, &updated,
		&c.Asked.Identifier, &c.Asked.Version, &c.Asked.Record, &c.Asked.PDFPath, &c.Asked.PDFSM3, &vIssued)
	if err != nil {
		return nil, err
	}
	c.IssuedAt, c.UpdatedAt, c.Asked.IssuedAt = parseUTC(issued), parseUTC(updated), parseUTC(vIssued)
	c.Asked.PDFPath = l.loadPath(c.Asked.PDFPath)
	return &c, nil
}
