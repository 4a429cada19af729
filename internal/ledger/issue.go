package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// StatusValid is the status code of a freshly issued certificate (01 有效).
const StatusValid = "01"

// Issuance is one certificate to record as issued (version 1).
type Issuance struct {
	Identifier string    // GB/T 36904 identifier of version 1
	Station    string    // the issuing workstation
	Serial     string    // the identifier's serial part
	SerialN    uint64    // the station counter value Serial encodes; see NextSerial
	TypeCode   string    // 证照类型代码
	Number     string    // 证照编号 ZZBH, unique per type code
	HolderCode string    // 持证主体代码 CZZTDM
	Record     []byte    // the signed record envelope
	PDFPath    string    // where the signed PDF was written, if any
	PDFSM3     string    // hex SM3 of that file
	BatchID    string    // the batch the row came from, or ""
	RowKey     string    // the register row within the batch, or ""
	Actor      string    // who issued it
	At         time.Time // when
	Deadline   time.Time // push deadline; zero when not yet known
	Retention  string    // the catalogue's retention period ("30y", "permanent"); "" is permanent
}

// NextSerial returns the counter value the station's next issuance must carry.
// Counters advance only with committed issuances, so a converter reads it
// once, numbers its rows n, n+1, … and commits them in that order: a crash
// before a commit leaves neither the certificate nor a gap.
func (l *Ledger) NextSerial(ctx context.Context, station string) (uint64, error) {
	var n uint64
	err := l.db.QueryRowContext(ctx, "SELECT next_serial FROM stations WHERE code = ?", station).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read serial counter of station %q: %w", station, err)
	}
	return n, nil
}

// IssueBatch records many issuances in one transaction: each certificate, its
// first version, its event, its batch row, its outbox entry and the station
// counter. Either all of them are committed or none is. The rows are written
// with multi-row statements (multirow.go); when one is refused, the group is
// redone row by row to return the precise error.
func (l *Ledger) IssueBatch(ctx context.Context, is []Issuance) error {
	if len(is) == 0 {
		return nil
	}
	err := l.issueTx(ctx, func(t *sql.Tx) error { return l.issueChunks(ctx, t, is) })
	var ff *fastFailed
	if !errors.As(err, &ff) {
		return err
	}
	return l.issueRowByRow(ctx, is)
}

// issueRowByRow is IssueBatch one row and one statement at a time: slower, but
// its errors name the row and what is wrong with it.
func (l *Ledger) issueRowByRow(ctx context.Context, is []Issuance) error {
	return l.tx(ctx, func(t *sql.Tx) error {
		w, err := l.newIssueWriter(ctx, t)
		if err != nil {
			return err
		}
		defer w.close()
		for i := range is {
			if err := w.issue(ctx, &is[i]); err != nil {
				return fmt.Errorf("issue %s: %w", is[i].Identifier, err)
			}
		}
		return w.saveCounters(ctx)
	})
}

func (is *Issuance) check() error {
	switch {
	case is.Identifier == "" || stem(is.Identifier) == "":
		return fmt.Errorf("malformed identifier %q", is.Identifier)
	case is.Station == "" || is.Serial == "" || is.SerialN == 0:
		return errors.New("station, serial and serial counter are required")
	case is.TypeCode == "" || is.Number == "":
		return errors.New("type code and certificate number are required")
	case len(is.Record) == 0:
		return errors.New("signed record is empty")
	case is.At.IsZero() || is.Actor == "":
		return errors.New("time and actor are required")
	case (is.BatchID == "") != (is.RowKey == ""):
		return errors.New("batch id and row key go together")
	}
	return nil
}

// issueDetail is the detail of an "issue" event.
type issueDetail struct {
	TypeCode string `json:"type_code"`
	Number   string `json:"number"`
	Serial   string `json:"serial"`
	Version  int    `json:"version"`
	PDFSM3   string `json:"pdf_sm3,omitempty"`
	RowKey   string `json:"row_key,omitempty"`
	// Retention is the certificate's retention period from its catalogue
	// entry: its lifecycle entries are kept at least as long (R8). Absent
	// (older events) means permanent.
	Retention string `json:"retention,omitempty"`
}

// stem is an identifier without its version and check character: the part
// every version of one certificate shares. It is "" for a malformed identifier.
// It is a part of identifier, not a copy: IssueBatch asks for it several
// times a row.
func stem(identifier string) string {
	dots, last, prev := 0, -1, -1 // prev is the dot before the last one
	for i := 0; i < len(identifier); i++ {
		if identifier[i] != '.' {
			continue
		}
		if i == last+1 { // an empty part: a leading dot or two dots in a row
			return ""
		}
		dots, prev, last = dots+1, last, i
	}
	if dots < 3 || last == len(identifier)-1 {
		return ""
	}
	return identifier[:prev]
}

// constraint reports whether err is an SQLite constraint failure naming what.
func constraint(err error, what string) bool {
	return err != nil && strings.Contains(err.Error(), "constraint failed") && strings.Contains(err.Error(), what)
}

func jsonDetail(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}
