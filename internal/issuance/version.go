package issuance

import (
	"encoding/hex"
	"fmt"
	"time"

	"ezz/internal/ident"
	"ezz/internal/record"
)

// MakeVersion issues the next version of the certificate whose current record
// is prev (an alteration or an extension): the same serial and issuing
// office, version + 1, a record built from values (validated against the
// data-item standard, as for Make), its own signature, QR code and PDF.
// until, when not empty, is the new validity end (延续); the template's
// validity item, if it maps one, must then already hold it.
func (m *Maker) MakeVersion(prev *record.Record, values map[string]string, until string, at time.Time) (*Certificate, error) {
	old, err := ident.Parse(prev.Identifier)
	if err != nil {
		return nil, fmt.Errorf("previous version: %w", err)
	}
	id, err := old.Next()
	if err != nil {
		return nil, fmt.Errorf("identifier: %w", err)
	}
	rec, err := buildRecord(m.c.Template, values, id.String(), prev.Meta.ZZBFJG, prev.Meta.ZZBFJGDM, m.Station(), m.c.Hash, at)
	if err != nil {
		return nil, err
	}
	rec.Version = id.VersionNumber()
	if until != "" {
		rec.Meta.ZZYXQJZRQ = until
	}
	env, digest, err := record.Seal(rec, m.c.Key.Key, m.c.Key.KeyID)
	if err != nil {
		return nil, fmt.Errorf("sign record %s: %w", id, err)
	}
	c := &Certificate{ID: id, At: at, Record: rec, Envelope: env, Digest: digest}
	if err := m.makeQR(c, digest, at); err != nil {
		return nil, err
	}
	if m.c.Renderer != nil {
		var sum []byte
		if c.PDF, sum, err = m.makePDF(c, &Plan{Values: values, At: at}); err != nil {
			return nil, err
		}
		c.PDFSM3 = hex.EncodeToString(sum)
	}
	return c, nil
}

// PDFName is the file name of a version's PDF: <serial>.pdf for version 1,
// <serial>-<version>.pdf for later ones, so that no version overwrites another.
func PDFName(id ident.ID) string {
	if id.VersionNumber() <= 1 {
		return id.Serial + ".pdf"
	}
	return id.Serial + "-" + id.Version + ".pdf"
}

// Remake makes the PDF of a recorded version again from its signed record
// (envelope kept as it is), for a PDF lost from disk: a new QR code with the
// same claims window (from the record's issuance time) and a new PDF
// signature made at. The bytes differ from the lost file (signatures are
// randomised and carry their time), so the caller records the new SM3.
func (m *Maker) Remake(rec *record.Record, envelope []byte, at time.Time) (*Certificate, error) {
	if m.c.Renderer == nil {
		return nil, fmt.Errorf("remake %s: no renderer", rec.Identifier)
	}
	id, err := ident.Parse(rec.Identifier)
	if err != nil {
		return nil, err
	}
	issued, err := time.Parse(time.RFC3339, rec.IssuedAt)
	if err != nil {
		return nil, fmt.Errorf("remake %s: issued_at: %w", id, err)
	}
	digest, err := rec.Digest()
	if err != nil {
		return nil, err
	}
	c := &Certificate{ID: id, Record: rec, Envelope: envelope, Digest: digest}
	if err := m.makeQR(c, digest, issued); err != nil {
		return nil, err
	}
	var sum []byte
	if c.PDF, sum, err = m.makePDF(c, &Plan{Values: rec.Items, At: at}); err != nil {
		return nil, err
	}
	c.PDFSM3 = hex.EncodeToString(sum)
	return c, nil
}
