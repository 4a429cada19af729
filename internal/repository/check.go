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
	var code string
	rec, err := record.Open([]byte(it.Record), func(keyID string) (crypto.PublicKey, error) {
		pub, c, err := s.keyFor(keyID, at)
		code = c
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
