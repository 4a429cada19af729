// Package issuance turns validated data items into a signed certificate: the
// GB/T 36904 identifier, the signed record, the time-limited QR code and the
// signed PDF. It is the one place conversion and single issuance share.
package issuance

import (
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/ident"
	"ezz/internal/pdfsig"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/workday"
	"ezz/internal/workspace"
)

// Renderer draws a certificate face; render.Renderer is the real one.
type Renderer interface {
	Render(values map[string]string, qr [][]bool) ([]byte, error)
}

// Config is what a Maker needs; it is built once per run.
type Config struct {
	Template   *catalogue.Template
	Hash       string // the template's catalogue hash, "sm3:<hex>"
	Key        *sign.Issuer
	Workspace  *workspace.Workspace
	Renderer   Renderer      // nil: no PDF (signed record and QR only)
	QRValidity time.Duration // overrides the catalogue's qr_validity when not zero

	// NoQRToken, without a Renderer, says the caller keeps no QR token: a
	// conversion without PDFs, which records the signed records and hands
	// no token to anyone (ezz qr make makes one when needed). Each
	// certificate's token is then checked as Make would make it (its
	// validity, its claims, its size: qr.Check) but signed only when the
	// check cannot be sure (a long URL prefix). That is one SM2 signature
	// fewer a certificate, about a tenth of such a conversion's CPU
	// (docs/BENCHMARKS.md, round 14).
	NoQRToken bool
}

// Maker makes certificates. It is safe for concurrent use when its Renderer is.
type Maker struct {
	c          Config
	catalogQR  time.Duration
	signingEnd time.Time
	prefixes   prefixes    // prefix.go
	pilot      pilotSeals  // pilotseal.go
	offices    officeCodes // office.go
}

// Certificate is one issued certificate, ready to be written and recorded.
type Certificate struct {
	ID        ident.ID
	SerialN   uint64
	At        time.Time // the one clock reading dating it
	Record    *record.Record
	Envelope  []byte // the signed record
	Digest    []byte // the SM3 of the record's canonical encoding (record.Seal): the QR code and the batch manifest bind it
	QR        string // the QR payload; "" when Config.NoQRToken left it unsigned
	QRExpires time.Time
	PDF       []byte // the signed PDF; nil without a Renderer
	PDFSM3    string // hex SM3 of PDF
	Retention string // the catalogue's retention period (5y, permanent…), carried to the ledger

	recycler Recycler // the renderer that drew PDF, when it takes its bytes back
}

// Recycler is a Renderer that draws later PDFs into the bytes of one given
// back; render.Renderer is one.
type Recycler interface {
	Recycle(pdf []byte)
}

// New checks the configuration and returns a Maker.
func New(c Config) (*Maker, error) {
	if c.Template == nil || c.Key == nil || c.Workspace == nil {
		return nil, errors.New("issuance: template, key and workspace are required")
	}
	d, err := qr.ParseValidity(c.Template.Catalogue.QRValidity)
	if err != nil {
		return nil, fmt.Errorf("template %s: qr_validity: %w", c.Template.Path, err)
	}
	if c.Renderer != nil {
		if err := catalogue.CheckQRBox(c.Template, c.Workspace.Config.QRURLPrefix); err != nil {
			return nil, err
		}
	}
	c.NoQRToken = c.NoQRToken && c.Renderer == nil // a PDF draws its token
	m := &Maker{c: c, catalogQR: d, signingEnd: c.Key.Cert().NotAfter}
	return m, nil
}

// Key is the issuing key and its certificate chain.
func (m *Maker) Key() *sign.Issuer { return m.c.Key }

// Retention is how long the certificates and their lifecycle entries are
// kept: the catalogue's retention, "permanent" when it gives none (R8).
func (m *Maker) Retention() string {
	if r := m.c.Template.Catalogue.Retention; r != "" {
		return r
	}
	return "permanent"
}

// MakesPDF reports whether the maker renders and signs a PDF per certificate.
func (m *Maker) MakesPDF() bool { return m.c.Renderer != nil }

// Station is the workstation whose counter numbers the certificates.
func (m *Maker) Station() string { return m.c.Workspace.Config.Station }

// Make issues version 1 of a certificate with the station's serial number n,
// from values already validated against the template's data-item standard.
func (m *Maker) Make(values map[string]string, n uint64, at time.Time) (*Certificate, error) {
	return m.MakePlanned(&Plan{Values: values, At: at}, n)
}

// MakePlanned issues version 1 of the planned certificate (Plan) with the
// station's serial number n, using what the plan computed.
func (m *Maker) MakePlanned(p *Plan, n uint64) (*Certificate, error) {
	t, values, at := m.c.Template, p.Values, p.At
	office := m.officeOf(values)
	code := m.offices.of(m.c.Workspace, office)
	serial, err := ident.Serial(m.Station(), n)
	if err != nil {
		return nil, err
	}
	id, err := ident.New(t.Catalogue.TypeCode, code, serial, 1)
	if err != nil {
		return nil, fmt.Errorf("identifier: %w", err)
	}
	rec, err := buildRecord(t, values, id.String(), office, code, m.Station(), m.c.Hash, at)
	if err != nil {
		return nil, err
	}
	env, digest, err := record.Seal(rec, m.c.Key.Key, m.c.Key.KeyID)
	if err != nil {
		return nil, fmt.Errorf("sign record %s: %w", id, err)
	}
	c := &Certificate{ID: id, SerialN: n, At: at, Record: rec, Envelope: env, Digest: digest, Retention: m.Retention()}
	if err := m.makeQR(c, digest, at); err != nil {
		return nil, err
	}
	if m.c.Renderer != nil {
		var sum []byte
		if c.PDF, sum, err = m.makePDF(c, p); err != nil {
			return nil, err
		}
		c.PDFSM3 = hex.EncodeToString(sum)
		c.recycler, _ = m.c.Renderer.(Recycler)
	}
	return c, nil
}

func (m *Maker) makeQR(c *Certificate, digest []byte, at time.Time) error {
	certEnd, err := qr.CertificateEnd(c.Record.Meta.ZZYXQJZRQ)
	if err != nil {
		return err
	}
	exp, err := qr.Validity(m.catalogQR, m.c.QRValidity, at, certEnd, m.signingEnd)
	if err != nil {
		return fmt.Errorf("QR code of %s: %w", c.ID, err)
	}
	claims := qr.Claims{Identifier: c.ID.String(), KeyID: m.c.Key.KeyID, IssuedAt: at, ExpiresAt: exp, Digest: digest[:qr.DigestLen]}
	c.QRExpires = exp
	if m.c.NoQRToken {
		sure, err := qr.Check(claims, m.c.Key.Key.Public(), m.c.Workspace.Config.QRURLPrefix)
		if err != nil || sure {
			return err
		}
	}
	c.QR, err = qr.Make(claims, m.c.Key.Key, m.c.Workspace.Config.QRURLPrefix)
	return err
}

// makePDF draws and signs the certificate's PDF and returns it with its SM3.
func (m *Maker) makePDF(c *Certificate, p *Plan) ([]byte, []byte, error) {
	modules, err := qr.Modules(c.QR)
	if err != nil {
		return nil, nil, err
	}
	f, err := m.face(c, p, modules)
	if err != nil {
		return nil, nil, fmt.Errorf("render %s: %w", c.ID, err)
	}
	signed, sum, err := pdfsig.SignSM3(f.pdf, m.signOptions(c, p.At, f))
	if err != nil {
		return nil, nil, fmt.Errorf("sign PDF of %s: %w", c.ID, err)
	}
	return signed, sum, nil
}

// signOptions is how the face of c is signed: at its issue time, with its
// signed record attached, its QR payload in the document information, the
// office's seal as the signature's appearance, resuming the seal's prefix,
// from the face's outline when the renderer gave one.
func (m *Maker) signOptions(c *Certificate, at time.Time, f face) pdfsig.Options {
	return pdfsig.Options{
		Signer:   m.c.Key.Key,
		Chain:    m.c.Key.Chain,
		Time:     at,
		Reason:   "电子证照签发 / electronic licence issuance",
		Location: m.c.Workspace.Config.Agency.Name,
		Attachments: []pdfsig.Attachment{
			{Name: RecordAttachment, MIME: "application/json", Description: "签名的证照数据 signed certificate record", Data: c.Envelope},
		},
		Info: map[string]string{
			"Title":      c.Record.Meta.ZZMC + " " + c.Record.Meta.ZZBH,
			"Subject":    c.Record.Meta.CZZT,
			"Identifier": c.ID.String(),
			InfoQR:       c.QR,
		},
		Prefix:     m.prefixes.of(m.c.Renderer, f.sealPath),
		Appearance: f.seal,
		Outline:    f.outline,
	}
}

// Names inside a certificate PDF that verification reads back.
const (
	RecordAttachment = "record.json" // the signed record envelope
	InfoQR           = "EZZQR"       // document information key holding the QR payload
)

// Checker finds what would stop a face from rendering without drawing it;
// render.Renderer is one.
type Checker interface {
	Check(values map[string]string) error
}

// Precheck is Plan without the ledger's look-up of the certificate number.
func (m *Maker) Precheck(values map[string]string, at time.Time) error {
	_, err := m.lay(values, at)
	return err
}

// datesFit refuses a certificate already expired at at or dated in the
// future, and one with no QR validity left.
func (m *Maker) datesFit(values map[string]string, at time.Time) error {
	issued, _, until, err := recordDates(m.c.Template, values, at)
	if err != nil {
		return err
	}
	if today := at.In(workday.Shanghai).Format(time.DateOnly); issued > today {
		return &text.Error{Class: text.Bad, Err: &FutureError{Date: issued},
			Msg: text.F("发证日期 %s 晚于今天：请核对日期", "the issue date %s is in the future: check the date", issued)}
	}
	end, err := qr.CertificateEnd(until)
	if err != nil {
		return err
	}
	if !end.IsZero() && !end.After(at) {
		return (&text.Error{Class: text.Bad, Err: &ExpiredError{Until: until},
			Msg: text.F("证照已于 %s 到期：只签发仍在有效期内的证照", "the certificate expired on %s: only still-valid certificates are issued", until)}).
			WithHint("核对有效期截止日期：录错的请更正；确已到期的证照不签发电子证照，无需再提交",
				"check the validity end date: correct it if it was mistyped; an expired certificate is not issued, so leave it out")
	}
	_, err = qr.Validity(m.catalogQR, m.c.QRValidity, at, end, m.signingEnd)
	return err
}

// FutureError is the cause of Precheck's error for a certificate whose issue
// date has not come yet.
type FutureError struct{ Date string }

func (e *FutureError) Error() string { return "issue date " + e.Date + " in the future" }

// ExpiredError is the cause of Precheck's error for a certificate whose
// validity ended before issuance.
type ExpiredError struct{ Until string }

func (e *ExpiredError) Error() string { return "expired on " + e.Until }
