package issuance

import (
	"context"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/pdfsig"
	"ezz/internal/render"
	"ezz/internal/text"
)

// One issuance path: `ezz issue` and `ezz convert` validate the data the same
// way (register.Validator), then ask Plan whether it can be issued at the
// one clock reading of the certificate, then Make the planned certificate
// with its serial number, stage its PDF (Stage), record it with Entry, and
// commit the PDF (Staged.Commit). What Plan computed (the seal, the face's
// layout) is handed to Make, not computed again.

// Plan is a certificate's data checked before a serial number is spent on
// it, with its one clock reading and what the check computed.
type Plan struct {
	Values map[string]string // validated values by item id
	At     time.Time         // dates the record, the QR code, the signature and the ledger entry
	seal   string            // the issuing office's seal image
	layout *render.Layout    // the face's field texts laid out; nil: laid out by Make
}

// Layer is a renderer that lays out a face's texts once for the check and
// draws them from that layout; render.Renderer is one.
type Layer interface {
	Lay(values map[string]string) (*render.Layout, error)
	FaceLaid(values map[string]string, l *render.Layout, qr [][]bool, seal string) ([]byte, *pdfsig.Appearance, error)
}

// Plan finds, before a serial number is spent on them, values that Make
// would refuse: a certificate number the ledger l already holds (nil l: not
// looked up),
// a certificate already expired at at (only still-valid certificates are
// issued) or dated in the future, no QR validity left, an issuing office
// without a seal, or a face that cannot be drawn.
func (m *Maker) Plan(ctx context.Context, l *ledger.Ledger, values map[string]string, at time.Time) (*Plan, error) {
	issued, err := m.IssuedNumbers(ctx, l, []map[string]string{values})
	if err != nil {
		return nil, err
	}
	return m.PlanIssued(values, at, issued)
}

// lay is Plan after the ledger's look-up.
func (m *Maker) lay(values map[string]string, at time.Time) (*Plan, error) {
	if err := m.datesFit(values, at); err != nil {
		return nil, err
	}
	p := &Plan{Values: values, At: at}
	var err error
	if p.seal, err = m.sealFor(m.officeOf(values)); err != nil {
		return nil, err
	}
	if l, ok := m.c.Renderer.(Layer); ok {
		p.layout, err = l.Lay(values)
		return p, err
	}
	if ch, ok := m.c.Renderer.(Checker); ok {
		return p, ch.Check(values)
	}
	return p, nil
}

// IssuedError is a certificate number the ledger already holds for the type.
type IssuedError struct{ Number, Identifier string }

func (e *IssuedError) Error() string { return e.Refusal().Msg.En }

// Refusal is the ledger's own refusal of the number, with its hint, and e
// as its cause.
func (e *IssuedError) Refusal() *text.Error {
	r := ledger.NumberIssued(e.Number, e.Identifier)
	r.Err = e
	return r
}

// LookupError is a ledger that could not be asked: not a finding about the
// data, so a conversion stops on it instead of rejecting the row.
type LookupError struct{ Err error }

func (e *LookupError) Error() string { return e.Err.Error() }
func (e *LookupError) Unwrap() error { return e.Err }

// Issued is the ledger's answer, for many certificates at once, to the
// look-up Plan makes for one: the identifier of each certificate number it
// already holds. A conversion asks once for a chunk of rows (IssuedNumbers)
// and plans each row with PlanIssued.
type Issued map[string]string

// IssuedNumbers looks up in l, in one query, the certificate numbers of the
// values (validated rows) that Plan would look up one at a time; at most
// ledger.MaxIdentifiers values. With a nil l (a dry run) nothing is held.
func (m *Maker) IssuedNumbers(ctx context.Context, l *ledger.Ledger, values []map[string]string) (Issued, error) {
	item := m.c.Template.Metadata.Number
	if item == "" || l == nil {
		return Issued{}, nil
	}
	numbers := make([]string, 0, len(values))
	for _, v := range values {
		if v[item] != "" {
			numbers = append(numbers, v[item])
		}
	}
	ids, err := l.IssuedNumbers(ctx, m.c.Template.Catalogue.TypeCode, numbers)
	if err != nil {
		return nil, &LookupError{Err: err}
	}
	return ids, nil
}

// PlanIssued is Plan with the ledger's answer already in issued, from
// IssuedNumbers for these values among others.
func (m *Maker) PlanIssued(values map[string]string, at time.Time, issued Issued) (*Plan, error) {
	if item := m.c.Template.Metadata.Number; item != "" && values[item] != "" {
		if id := issued[values[item]]; id != "" {
			return nil, &IssuedError{Number: values[item], Identifier: id}
		}
	}
	return m.lay(values, at)
}

// Origin is where a certificate comes from, for its ledger entry.
type Origin struct {
	Actor    string
	BatchID  string    // the conversion batch, or ""
	RowKey   string    // the register row within the batch, or ""
	Deadline time.Time // the push deadline, zero when not yet known
}

// Entry is the ledger entry of the certificate, its PDF staged as pdf.
func (c *Certificate) Entry(pdf Staged, o Origin) ledger.Issuance {
	rec := c.Record
	return ledger.Issuance{
		Identifier: c.ID.String(), Station: rec.Station, Serial: c.ID.Serial, SerialN: c.SerialN,
		TypeCode: rec.Meta.ZZLXDM, Number: rec.Meta.ZZBH, HolderCode: rec.Meta.CZZTDM, Record: c.Envelope,
		PDFPath: pdf.Final, PDFSM3: c.PDFSM3, BatchID: o.BatchID, RowKey: o.RowKey,
		Actor: o.Actor, At: c.At, Deadline: o.Deadline, Retention: c.Retention,
	}
}
