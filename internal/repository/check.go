package repository

import (
	"context"
	"crypto"
	"fmt"
	"time"

	"ezz/internal/ident"
	"ezz/internal/push"
	"ezz/internal/record"
	"ezz/internal/verify"
)

// checkItem checks item i against the manifest and its own signatures. It
// returns the rejection, or nil when the item may be stored.
func (s *Server) checkItem(ctx context.Context, m *push.Manifest, i int, it *push.Item) *push.Result {
	reject := func(code, format string, args ...any) *push.Result {
		r := rejected(it.Key, code, fmt.Sprintf(format, args...))
		return &r
	}
	if err := m.CheckItem(i, it); err != nil {
		return reject(push.CodeItemDigest, "%v", err)
	}
	id, err := ident.Parse(it.Identifier)
	if err != nil {
		return reject(push.CodeMalformed, "identifier: %v", err)
	}
	if it.Key != push.ItemKey(it.Identifier, it.Version, it.Seq) || id.VersionNumber() != it.Version {
		return reject(push.CodeMalformed, "key %q does not name identifier %s, version %d, event %d", it.Key, it.Identifier, it.Version, it.Seq)
	}
	at, err := time.Parse(time.RFC3339, it.At)
	if err != nil {
		return reject(push.CodeMalformed, "at %q is not RFC 3339", it.At)
	}
	if res := s.bindItem(m.KeyID, s.cfg.Clock(), it, id.Issuer, reject); res != nil {
		return res
	}
	switch it.Kind {
	case push.KindIssue, push.KindNewVersion:
		return s.checkVersion(ctx, it, at, reject)
	case push.KindStatus:
		if _, known := verify.StatusNames[it.Status]; !known || it.Record != "" || len(it.PDF) > 0 {
			return reject(push.CodeBadStatusCode, "status %q is not a known status code (or the item carries a record)", it.Status)
		}
		return nil
	}
	return reject(push.CodeMalformed, "kind %q is not issue, new-version or status", it.Kind)
}

type rejectFunc func(code, format string, args ...any) *push.Result

// checkVersion checks a certificate version's signed record and, when it
// carries one, its signed PDF: both by a trusted, unrevoked issuer.
func (s *Server) checkVersion(ctx context.Context, it *push.Item, at time.Time, reject rejectFunc) *push.Result {
	if it.Record == "" {
		return reject(push.CodeBadRecord, "a %s item needs its signed record", it.Kind)
	}
	var code, recKey string
	rec, err := record.Open([]byte(it.Record), func(keyID string) (crypto.PublicKey, error) {
		pub, c, err := s.keyFor(keyID, at)
		code, recKey = c, keyID
		return pub, err
	})
	if err != nil {
		if code == "" {
			code = push.CodeBadRecord
		}
		return reject(code, "signed record: %v", err)
	}
	if rec.Identifier != it.Identifier || rec.Version != it.Version {
		return reject(push.CodeMismatch, "the signed record is of %s version %d, not %s version %d", rec.Identifier, rec.Version, it.Identifier, it.Version)
	}
	if id, err := ident.Parse(rec.Identifier); err == nil && recKey != "" {
		if res := s.bindItem(recKey, at, it, id.Issuer, reject); res != nil {
			return res
		}
	}
	if len(it.PDF) == 0 {
		if it.PDFSM3 != "" {
			return reject(push.CodeBadPDF, "pdf_sm3 is given but the PDF is missing")
		}
		return nil
	}
	return s.checkPDF(ctx, it, at, reject)
}

// checkPDF checks the PDF's digest and signatures, and that it is the
// certificate the record describes.
func (s *Server) checkPDF(ctx context.Context, it *push.Item, at time.Time, reject rejectFunc) *push.Result {
	if push.BodySM3(it.PDF) != it.PDFSM3 {
		return reject(push.CodeBadPDF, "the PDF's SM3 digest is not pdf_sm3")
	}
	rep := verify.File(ctx, it.PDF, it.Identifier, verify.Options{Trust: s.cfg.Trust, At: at})
	for _, name := range []string{verify.CheckPDFSignature, verify.CheckSignerTrust, verify.CheckRecord} {
		// A pilot issuer only warns: the receiver was told to trust it.
		if c := rep.Check(name); c.Result != verify.Pass && (name != verify.CheckSignerTrust || c.Result != verify.Warn) {
			return reject(push.CodeBadPDF, "%s: %s", name, c.Reason)
		}
	}
	if rep.Identifier != it.Identifier {
		return reject(push.CodeMismatch, "the PDF is the certificate %s, not %s", rep.Identifier, it.Identifier)
	}
	return nil
}

// bindItem refuses an item of a certificate whose issuer code the key keyID
// (its certificate valid at at) is not bound to (docs/verify.md, "Whom a
// signer signs for"): agency A's key neither issues, alters nor revokes
// agency B's certificates here, with a PDF or without one. A key bound to
// no code is taken, as ezz verify takes it with a warning.
func (s *Server) bindItem(keyID string, at time.Time, it *push.Item, code string, reject rejectFunc) *push.Result {
	cert, _, err := s.cfg.Trust.Certificate(keyID, at)
	if err != nil {
		return nil // the manifest's and the record's keys are checked where they are used
	}
	b := s.cfg.Trust.BindingOf(cert)
	switch {
	case b.Err != nil:
		return reject(push.CodeMismatch, "the key %s signs for no issuer code: %v; the agency needs a certificate that names it once", keyID, b.Err)
	case b.Bound() && !b.Allows(code):
		return reject(push.CodeMismatch, "the key %s (%q) is bound to %s, not to issuer code %s of %s: a key pushes only its own agency's certificates; "+
			"if it lawfully issues for %s (an office of the agency), the receiver's operator binds it with --trust %s=CHAIN.pem (ezz repository serve or import)",
			keyID, cert.Subject.CommonName, b.Codes().En, code, it.Identifier, code, code)
	}
	return nil
}
