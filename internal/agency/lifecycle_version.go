package agency

import (
	"context"
	"errors"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/lifecycle"
	"ezz/internal/record"
	"ezz/internal/text"
)

// newVersion alters or extends a certificate: the current record's data with
// the changes, validated, made into the next version by the one issuance path
// (identifier, signed record, QR code, PDF), its PDF made durable, and
// recorded with its event and outbox entry. Another change committed in
// between makes the version stale: it is rebuilt (three tries).
func (a *Agency) newVersion(ctx context.Context, o ChangeOptions) (*ChangeReport, error) {
	if o.Template == "" {
		return nil, text.Errorf("%s 需要 --template：新版本按模板重新生成并签名", "%s needs --template: the new version is rendered and signed again", o.Action.Name())
	}
	is, err := a.openIssuing(o.IssueOptions)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		rep, err := a.tryVersion(ctx, is, o)
		if errors.Is(err, ledger.ErrStale) && attempt < 3 {
			continue
		}
		return rep, err
	}
}

func (a *Agency) tryVersion(ctx context.Context, is *issuing, o ChangeOptions) (*ChangeReport, error) {
	cert, err := a.resolve(ctx, o.Target, o.Template)
	if err != nil {
		return nil, err
	}
	if cert.TypeCode != is.tmpl.Catalogue.TypeCode {
		return nil, text.Errorf("%s 的证照类型是 %s，模板是 %s", "%s is of type %s, the template of %s", cert.Identifier, cert.TypeCode, is.tmpl.Catalogue.TypeCode)
	}
	if _, err := rule(o.Action)(ledger.State{Status: cert.Status, Pledged: cert.Pledged}); err != nil {
		return nil, changeError(cert.Identifier, err) // refused before anything is signed
	}
	prev, err := a.versionRecord(ctx, cert)
	if err != nil {
		return nil, err
	}
	vals, err := a.versionValues(is, prev, o)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	made, err := is.maker.MakeVersion(prev, vals, o.Until, now)
	if err != nil {
		return nil, bad(err)
	}
	return a.recordVersion(ctx, is, o, cert, made, now)
}

func (a *Agency) recordVersion(ctx context.Context, is *issuing, o ChangeOptions, cert *ledger.Certificate, made *issuance.Certificate, now time.Time) (*ChangeReport, error) {
	deadline, err := a.pushDeadline(now)
	if err != nil {
		return nil, err
	}
	release, err := lockPDFDir(ctx, is)
	if err != nil {
		return nil, err
	}
	defer release()
	pdf, err := stage(is.out, made)
	if err != nil {
		return nil, err
	}
	rec := made.Record
	got, err := a.Ledger.ApplyVersion(ctx, ledger.VersionChange{
		Change: ledger.Change{Action: string(o.Action), Reason: o.Reason, Actor: a.Actor, Station: a.Station, At: now,
			Deadline: deadline.At, Detail: o.Detail, Decide: rule(o.Action), Row: o.row},
		Previous: cert.Identifier, New: made.ID.String(), Version: made.ID.VersionNumber(), Number: rec.Meta.ZZBH,
		HolderCode: rec.Meta.CZZTDM, Record: made.Envelope, PDFPath: pdf.Final, PDFSM3: made.PDFSM3,
	})
	if err != nil {
		pdf.Discard()
		if errors.Is(err, ledger.ErrStale) {
			return nil, err
		}
		return nil, changeError(cert.Identifier, err)
	}
	if err := commitPDF(pdf); err != nil {
		return nil, text.Wrap(err, "新版本 %s 已记入台账，但其 PDF 无法放到位（ezz check --repair 可重建）",
			"version %s is recorded, but its PDF could not be put in place (ezz check --repair re-creates it)", made.ID)
	}
	return report(o, got, cert.Identifier, a.Actor, now, deadline, pdf.Final), nil
}

// versionRecord opens the signed record of the certificate's current version,
// checking its signature against the workspace's keys.
func (a *Agency) versionRecord(ctx context.Context, cert *ledger.Certificate) (*record.Record, error) {
	cur, err := a.Ledger.ByIdentifier(ctx, cert.Identifier)
	if err != nil {
		return nil, err
	}
	trust, err := a.Trust()
	if err != nil {
		return nil, err
	}
	if trust == nil {
		return nil, text.Errorf("工作区没有密钥，无法核验台账中的记录", "the workspace has no keys to check the ledger's record with")
	}
	rec, err := record.Open(cur.Asked.Record, trust.Lookup)
	if err != nil {
		return nil, wrap(err, "台账中 %s 的签名记录无法核验（运行 ezz check）", "the ledger's signed record of %s does not verify (run ezz check)", cert.Identifier)
	}
	return rec, nil
}

// versionValues are the data items of the next version: the current ones
// with the changes (alter) or the new validity end (extend), validated.
func (a *Agency) versionValues(is *issuing, prev *record.Record, o ChangeOptions) (map[string]string, error) {
	vals := map[string]string{}
	for k, v := range prev.Items {
		vals[k] = v
	}
	switch o.Action {
	case lifecycle.Alter:
		if len(o.Data) == 0 {
			return nil, text.Errorf("变更需要 --data 给出改动的数据项", "alter needs the changed data items (--data)")
		}
		changes, err := recordValues(is.tmpl.Template, o.Data)
		if err != nil {
			return nil, err
		}
		for k, v := range changes {
			vals[k] = v
		}
	case lifecycle.Extend:
		if err := checkUntil(prev.Meta.ZZYXQJZRQ, o.Until); err != nil {
			return nil, err
		}
		if item := is.tmpl.Metadata.ValidUntil; item != "" {
			vals[item] = o.Until
		}
	}
	return validate(is, vals)
}

func checkUntil(current, until string) error {
	t, err := time.Parse(time.DateOnly, until)
	switch {
	case err != nil:
		return text.Errorf("--until 须为 YYYY-MM-DD 日期（现为 %q）", "--until must be a YYYY-MM-DD date (got %q)", until)
	case current == "":
		return text.Badf("长期有效的证照无需延续", "the certificate is permanent: there is nothing to extend")
	case t.Format(time.DateOnly) <= current:
		return text.Badf("新的有效期截止日期 %s 须晚于现在的 %s", "the new validity end %s must be later than the current %s", until, current)
	}
	return nil
}

func validate(is *issuing, vals map[string]string) (map[string]string, error) {
	out, de, err := checkData(is.tmpl.Template, vals)
	if err != nil || de == nil {
		return out, err
	}
	return nil, &text.Error{Msg: text.F("新版本的数据有 %d 处问题，未做任何改动", "the new version's data has %d problem(s); nothing was changed", len(de.Problems)),
		Class: text.Bad, Err: de}
}
