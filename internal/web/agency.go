package web

import (
	"context"

	"ezz/internal/agency"
	"ezz/internal/conversion"
)

// AgencyBackend gives the console the agency layer's use cases: the same
// conversion, and so the same ledger events, as `ezz convert`.
type AgencyBackend struct {
	Agency      *agency.Agency
	TemplateDir string // the directory of face templates on offer
}

// Templates lists the face templates under the directory.
func (b AgencyBackend) Templates() ([]TemplateChoice, error) {
	ts, err := b.Agency.ServeTemplates(b.TemplateDir)
	out := make([]TemplateChoice, len(ts))
	for i, t := range ts {
		out[i] = TemplateChoice{Path: t.Path, Name: t.Name}
	}
	return out, err
}

// Convert runs ezz convert (or its dry run) on the register.
func (b AgencyBackend) Convert(ctx context.Context, r ConvertRequest) (*conversion.Summary, error) {
	return b.Agency.Convert(ctx, agency.ConvertOptions{IssueOptions: agency.IssueOptions{Template: r.Template, Out: r.OutDir},
		Register: r.Register, DryRun: r.DryRun, Progress: r.Progress})
}

// Find looks certificates up in the workspace's ledger.
func (b AgencyBackend) Find(ctx context.Context, q string) ([]CertificateItem, error) {
	found, err := b.Agency.FindCertificates(ctx, q)
	out := make([]CertificateItem, len(found))
	for i, c := range found {
		out[i] = CertificateItem{Identifier: c.Identifier, Number: c.Number, Licence: c.Licence, Holder: c.Holder,
			HolderCode: c.HolderCode, Status: c.Status, StatusName: c.StatusName}
	}
	return out, err
}

// NewAgencyScan returns the scan page of the agency's workspace: its trusted
// issuers, its ledger's status, its access log.
func NewAgencyScan(a *agency.Agency, limit Limit) (*Scan, error) {
	trust, status, err := a.ScanSource()
	if err != nil {
		return nil, err
	}
	return NewScan(ScanOptions{Verifier: Checker{Trust: trust, Status: status, Now: a.Now},
		Log: a.Ledger, Station: a.Station, Limit: limit, Now: a.Now}), nil
}
