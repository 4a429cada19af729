package agency

import (
	"context"

	"ezz/internal/lifecycle"
	"ezz/internal/text"
)

// ChangePreview is what a lifecycle change would do, before it is made.
type ChangePreview struct {
	Certificate ServeCertificate
	From, To    StateView
}

// PreviewChange checks a change as Change would — the certificate, the
// reason, the state machine and, for extend, the new validity end — and says
// what it would do, changing nothing. Change checks again when it runs: the
// state may have moved in between.
func (a *Agency) PreviewChange(ctx context.Context, o ChangeOptions) (*ChangePreview, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	if o.Reason == "" {
		return nil, text.Errorf("必须说明原因", "a reason is required")
	}
	cert, err := a.resolve(ctx, o.Target, o.Template)
	if err != nil {
		return nil, err
	}
	from := lifecycle.State{Code: cert.Status, Pledged: cert.Pledged}
	to, err := lifecycle.Next(from, o.Action)
	if err != nil {
		return nil, changeError(cert.Identifier, err)
	}
	if o.Action == lifecycle.Extend {
		prev, err := a.versionRecord(ctx, cert)
		if err != nil {
			return nil, err
		}
		if err := checkUntil(prev.Meta.ZZYXQJZRQ, o.Until); err != nil {
			return nil, err
		}
	}
	found, err := a.FindCertificates(ctx, cert.Identifier)
	p := &ChangePreview{Certificate: ServeCertificate{Identifier: cert.Identifier, Number: cert.Number, HolderCode: cert.HolderCode},
		From: StateView{Code: from.Code, Name: lifecycle.Name(from.Code), Pledged: from.Pledged},
		To:   StateView{Code: to.Code, Name: lifecycle.Name(to.Code), Pledged: to.Pledged}}
	if err == nil && len(found) == 1 {
		p.Certificate = found[0]
	}
	return p, nil
}
