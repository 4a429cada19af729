package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Certificate is the current state of one certificate, with the version a
// lookup asked for.
type Certificate struct {
	Identifier   string // the current version's identifier
	TypeCode     string
	Station      string
	Serial       string
	SerialN      uint64
	Version      int // the current version
	Number       string
	HolderCode   string
	Status       string
	StatusReason string
	Pledged      bool // 质押: a mark beside the status
	BatchID      string
	IssuedAt     time.Time // first issuance
	UpdatedAt    time.Time // last change of any kind
	Asked        Version   // the version looked up (the current one for ByNumber)
}

// Current reports whether the version looked up is the certificate's current one.
func (c *Certificate) Current() bool { return c.Asked.Identifier == c.Identifier }

// Version is one signed version of a certificate.
type Version struct {
	Identifier string
	Version    int
	Record     []byte // the signed record envelope
	PDFPath    string
	PDFSM3     string
	IssuedAt   time.Time
}

const certColumns = `c.identifier, c.type_code, c.station, c.serial, c.serial_n, c.version, c.number,
	c.holder_code, c.status, c.status_reason, c.pledged, coalesce(c.batch_id, ''), c.issued_at, c.updated_at,
	v.identifier, v.version, v.record, v.pdf_path, ` + currentSM3 + `, v.issued_at`

// ByIdentifier finds the certificate one of whose versions has the identifier.
func (l *Ledger) ByIdentifier(ctx context.Context, identifier string) (*Certificate, error) {
	c, err := l.certificate(ctx, "v.identifier = ?", identifier)
	if err != nil {
		return nil, fmt.Errorf("look up %s: %w", identifier, err)
	}
	return c, nil
}

// ByNumber finds the certificate of the type with the certificate number (ZZBH).
func (l *Ledger) ByNumber(ctx context.Context, typeCode, number string) (*Certificate, error) {
	c, err := l.certificate(ctx, "c.type_code = ? AND c.number = ? AND v.identifier = c.identifier", typeCode, number)
	if err != nil {
		return nil, fmt.Errorf("look up number %q of type %s: %w", number, typeCode, err)
	}
	return c, nil
}

// IssuedNumber returns the identifier of the certificate of type typeCode
// with number, or "" when the ledger holds none: the one look-up a row
// pays before it is issued (the UNIQUE (type_code, number) index).
func (l *Ledger) IssuedNumber(ctx context.Context, typeCode, number string) (string, error) {
	st, err := l.prepared(ctx, "SELECT identifier FROM certificates WHERE type_code = ? AND number = ?")
	if err != nil {
		return "", err
	}
	var id string
	err = st.QueryRowContext(ctx, typeCode, number).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up number %q of type %s: %w", number, typeCode, err)
	}
	return id, nil
}

func (l *Ledger) certificate(ctx context.Context, where string, args ...any) (*Certificate, error) {
	st, err := l.prepared(ctx, `SELECT `+certColumns+`
		FROM certificates c JOIN versions v ON v.stem = c.stem WHERE `+where)
	if err != nil {
		return nil, err
	}
	c, err := l.scanCertificate(st.QueryRowContext(ctx, args...).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return c, err
}

// Versions returns every version of the identifier's certificate, oldest first.
func (l *Ledger) Versions(ctx context.Context, identifier string) ([]Version, error) {
	out, err := l.versions(ctx, `SELECT identifier, version, record, pdf_path, pdf_sm3, issued_at
		FROM versions WHERE stem = ? ORDER BY version`, stem(identifier))
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", identifier, err)
	}
	return out, nil
}

// EachBatchVersion calls fn for each version a batch issued, by identifier:
// what its manifest lists. Rows are read one at a time, however large the batch.
func (l *Ledger) EachBatchVersion(ctx context.Context, batchID string, fn func(Version) error) error {
	rs, err := l.db.QueryContext(ctx, `SELECT v.identifier, v.version, v.record, v.pdf_path, `+currentSM3+`, v.issued_at
		FROM batch_rows b JOIN versions v ON v.identifier = b.identifier
		WHERE b.batch_id = ? ORDER BY v.identifier`, batchID)
	if err != nil {
		return fmt.Errorf("versions of batch %s: %w", batchID, err)
	}
	defer rs.Close()
	for rs.Next() {
		v, err := l.scanVersion(rs)
		if err != nil {
			return fmt.Errorf("versions of batch %s: %w", batchID, err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rs.Err()
}

func (l *Ledger) versions(ctx context.Context, query string, args ...any) ([]Version, error) {
	rs, err := l.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []Version
	for rs.Next() {
		v, err := l.scanVersion(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rs.Err()
}

func (l *Ledger) scanVersion(rs *sql.Rows) (Version, error) {
	var v Version
	var at string
	err := rs.Scan(&v.Identifier, &v.Version, &v.Record, &v.PDFPath, &v.PDFSM3, &at)
	v.IssuedAt = parseUTC(at)
	v.PDFPath = l.loadPath(v.PDFPath)
	return v, err
}
