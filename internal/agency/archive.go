package agency

import (
	"context"

	"ezz/internal/archive"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/verify"
)

// The archive's types, for the commands that render them (docs/archive.md).
type (
	ArchiveSelection = archive.Selection
	ArchiveSummary   = archive.Summary
	ArchiveReport    = archive.Report
)

// ArchiveExport signs a tree head of the whole log, then writes the archive
// of sel into dir with the index signed by the issuing key.
func (a *Agency) ArchiveExport(ctx context.Context, sel ArchiveSelection, dir string) (ArchiveSummary, error) {
	if err := a.needLedger(); err != nil {
		return ArchiveSummary{}, err
	}
	key, err := a.Issuer()
	if err != nil {
		return ArchiveSummary{}, err
	}
	if _, err := a.Ledger.MakeHead(ctx, key.Key, a.Now()); err != nil {
		return ArchiveSummary{}, err
	}
	return archive.Export(ctx, a.Ledger, sel, dir, key.Key, a.Now())
}

// ArchiveVerify checks the archive in dir with only the issuer
// certificates in the files issuers; it needs no workspace.
func ArchiveVerify(dir string, issuers []string) (*ArchiveReport, error) {
	trust, err := sign.LoadTrust(issuers...)
	if err != nil {
		return nil, err
	}
	return archive.Verify(dir, trust, archivedPDF(trust))
}

// archivedPDF checks an archived PDF as ezz verify does, with the issuer
// certificates only: its signatures, its signer (a pilot key warns and
// passes) and its signed record must hold. Its validity period, QR time
// limit and status are not asked: an archive is read years later.
func archivedPDF(trust *sign.Trust) archive.PDFChecker {
	return func(data []byte, name string) (string, error) {
		r := verify.File(context.Background(), data, name, verify.Options{Trust: trust})
		for _, c := range r.Checks {
			ok := c.Result == verify.Pass
			if c.Name == verify.CheckSignerTrust {
				ok = ok || c.Result == verify.Warn
			} else if c.Name != verify.CheckPDFSignature && c.Name != verify.CheckRecord {
				continue
			}
			if !ok {
				return r.Identifier, text.Errorf("%s：%s", "%s: %s", c.Name, c.Reason)
			}
		}
		return r.Identifier, nil
	}
}
