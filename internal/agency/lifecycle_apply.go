package agency

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/ledger"
	"ezz/internal/lifecycle"
	"ezz/internal/text"
)

// ApplyOptions configure ezz lifecycle apply.
type ApplyOptions struct {
	IssueOptions        // alter and extend rows: the template (and fonts, out)
	Workbook     string // the bulk-change workbook
	TypeCode     string // the type code of rows that give a certificate number
	DryRun       bool
	Rejects      string // where rejected rows go; "" means NAME.rejects.xlsx
	Progress     func(done, total int)
}

// ApplyReport is what ezz lifecycle apply did (or would do, with --dry-run).
type ApplyReport struct {
	Workbook    string `json:"workbook"`
	WorkbookSM3 string `json:"workbook_sm3"`
	DryRun      bool   `json:"dry_run"`
	Rows        int    `json:"rows"`
	Applied     int    `json:"applied"`         // by this run (with --dry-run: would be)
	Before      int    `json:"already_applied"` // by an earlier run of the same workbook
	Rejected    int    `json:"rejected"`
	Rejects     string `json:"rejects,omitempty"` // the rejects workbook, when rows were rejected
}

// Err is the outcome: exit 1 when rows were rejected.
func (r *ApplyReport) Err() error {
	if r.Rejected == 0 {
		return nil
	}
	return text.Badf("%d 行被拒绝，见 %s", "%d row(s) rejected: see %s", r.Rejected, r.Rejects)
}

// LifecycleApply applies a bulk-change workbook. Every row is checked first
// (the action, the certificate, the state machine on the state the rows
// before it leave); rows that fail go to the rejects workbook with the
// reason. Each applied row is one ledger transaction that also records the
// row, so a run stopped at any point is resumed, and a rerun applies nothing
// twice.
func (a *Agency) LifecycleApply(ctx context.Context, o ApplyOptions) (*ApplyReport, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	data, err := lifecycle.ReadWorkbookFile(o.Workbook) // read once: the rows applied are the rows hashed
	if err != nil {
		return nil, err
	}
	header, reqs, bad, err := lifecycle.ParseWorkbook(o.Workbook, data)
	if err != nil {
		return nil, err
	}
	digest := sm3.Sum(data)
	sum := hex.EncodeToString(digest[:])
	done, err := a.Ledger.AppliedRows(ctx, sum)
	if err != nil {
		return nil, err
	}
	r := &ApplyReport{Workbook: o.Workbook, WorkbookSM3: sum, DryRun: o.DryRun, Rows: len(reqs)}
	check := &rowCheck{sim: map[string]ledger.State{}}
	if o.Template != "" {
		if check.tmpl, err = a.LoadTemplate(o.Template, TemplateOptions{FontDirs: o.FontDirs, NoPDF: true}); err != nil {
			return nil, err
		}
	}
	var todo []Request
	var rejected []lifecycle.Rejected
	for _, q := range reqs {
		if _, ok := done[q.Row]; ok {
			r.Before++
			continue
		}
		if p, ok := bad[q.Row]; ok {
			rejected = append(rejected, lifecycle.Rejected{Request: q, Reason: p})
			continue
		}
		opts, err := a.precheck(ctx, o, q, check)
		if err != nil {
			rejected = append(rejected, lifecycle.Rejected{Request: q, Reason: text.Of(err)})
			continue
		}
		todo = append(todo, Request{q, opts})
	}
	if !o.DryRun {
		rejected = append(rejected, a.applyRows(ctx, o, sum, todo, r)...)
	} else {
		r.Applied = len(todo)
	}
	return r, a.finishApply(ctx, o, sum, header, rejected, r)
}

// Request is a checked workbook row with the change it makes.
type Request struct {
	lifecycle.Request
	opts ChangeOptions
}

// rowCheck is what checking the rows of a workbook carries from row to row:
// the state each certificate is left in, and the template (for alter and
// extend rows).
type rowCheck struct {
	sim  map[string]ledger.State
	tmpl *Template
}

// precheck turns a row into a change and checks it against the state the
// rows before it leave; an alter or extend row's new data is validated too.
func (a *Agency) precheck(ctx context.Context, o ApplyOptions, q lifecycle.Request, rc *rowCheck) (ChangeOptions, error) {
	c := ChangeOptions{IssueOptions: o.IssueOptions, Target: Target{ID: q.Identifier, Number: q.Number, TypeCode: o.TypeCode},
		Action: q.Action, Reason: q.Reason, Until: q.Until}
	if q.Identifier != "" {
		c.Number = ""
	}
	if q.Action.NewVersion() && rc.tmpl == nil {
		return c, text.Errorf("变更和延续需要 --template", "alter and extend rows need --template")
	}
	if len(q.Values) > 0 {
		c.Data, _ = json.Marshal(q.Values)
	}
	cert, err := a.resolve(ctx, c.Target, o.Template)
	if err != nil {
		return c, err
	}
	cur, ok := rc.sim[cert.Identifier]
	if !ok {
		cur = ledger.State{Status: cert.Status, Pledged: cert.Pledged}
	}
	next, err := rule(q.Action)(cur)
	if err != nil {
		return c, err
	}
	if q.Action.NewVersion() {
		if err := a.checkVersionRow(ctx, rc.tmpl, cert, c); err != nil {
			return c, err
		}
	}
	rc.sim[cert.Identifier] = next
	c.Target = Target{ID: cert.Identifier}
	return c, nil
}

// checkVersionRow validates the data an alter or extend row would give the
// next version, as the change itself will.
func (a *Agency) checkVersionRow(ctx context.Context, tmpl *Template, cert *ledger.Certificate, c ChangeOptions) error {
	if cert.TypeCode != tmpl.Catalogue.TypeCode {
		return text.Errorf("%s 的证照类型是 %s，模板是 %s", "%s is of type %s, the template of %s", cert.Identifier, cert.TypeCode, tmpl.Catalogue.TypeCode)
	}
	prev, err := a.versionRecord(ctx, cert)
	if err != nil {
		return err
	}
	_, err = a.versionValues(&issuing{tmpl: tmpl}, prev, c)
	return err
}

// applyRows applies the checked rows in order; a row refused now (another
// process changed the certificate since the check) is rejected.
func (a *Agency) applyRows(ctx context.Context, o ApplyOptions, sum string, todo []Request, r *ApplyReport) []lifecycle.Rejected {
	var rejected []lifecycle.Rejected
	for i, q := range todo {
		if ctx.Err() != nil {
			break
		}
		q.opts.row = &ledger.ChangeRow{WorkbookSM3: sum, Key: q.Row}
		_, err := a.Change(ctx, q.opts)
		switch {
		case errors.Is(err, ledger.ErrRowApplied):
			r.Before++
		case err != nil:
			rejected = append(rejected, lifecycle.Rejected{Request: q.Request, Reason: text.Of(err)})
		default:
			r.Applied++
		}
		if o.Progress != nil {
			o.Progress(i+1, len(todo))
		}
	}
	return rejected
}

// finishApply records the rejected rows and writes the rejects workbook.
func (a *Agency) finishApply(ctx context.Context, o ApplyOptions, sum string, header []string, rejected []lifecycle.Rejected, r *ApplyReport) error {
	r.Rejected = len(rejected)
	if len(rejected) == 0 {
		return ctx.Err()
	}
	r.Rejects = o.Rejects
	if r.Rejects == "" {
		r.Rejects = lifecycle.RejectsPath(o.Workbook)
	}
	if !o.DryRun {
		for _, x := range rejected {
			if err := a.Ledger.RejectChangeRow(context.WithoutCancel(ctx), ledger.ChangeRow{WorkbookSM3: sum, Key: x.Row}, x.Reason.En, a.Now()); err != nil {
				return err
			}
		}
	}
	if err := lifecycle.WriteRejects(r.Rejects, header, rejected); err != nil {
		return err
	}
	return ctx.Err()
}
