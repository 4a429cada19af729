package agency

import (
	"context"
	"fmt"
	"time"

	"ezz/internal/conversion"
	"ezz/internal/ledger"
	"ezz/internal/text"
	"ezz/internal/web"
)

// console gives the clerk's console (package web) the agency's use cases:
// the same conversion, outbox, push and lifecycle changes, and so the same
// ledger events, as `ezz convert`, `ezz outbox`, `ezz push` and `ezz revoke` ….
type console struct {
	a         *Agency
	templates []ServeTemplate
	push      PushOptions
}

// Templates lists the face templates on offer.
func (c *console) Templates() ([]web.TemplateChoice, error) {
	out := make([]web.TemplateChoice, len(c.templates))
	for i, t := range c.templates {
		out[i] = web.TemplateChoice{Path: t.Path, Name: t.Name}
	}
	return out, nil
}

// Convert runs ezz convert (or its dry run) on the register.
func (c *console) Convert(ctx context.Context, r web.ConvertRequest) (*conversion.Summary, error) {
	return c.a.Convert(ctx, ConvertOptions{IssueOptions: IssueOptions{Template: r.Template, Out: r.OutDir},
		Register: r.Register, DryRun: r.DryRun, Progress: r.Progress})
}

// Find looks certificates up in the workspace's ledger. Each search is
// written to the access log (R12) first; if it cannot be, nothing is shown.
func (c *console) Find(ctx context.Context, q string) ([]web.CertificateItem, error) {
	found, err := c.a.FindCertificates(ctx, q)
	if err == nil {
		err = c.a.Ledger.LogAccess(ctx, ledger.Access{At: c.a.Now(), Actor: c.a.Actor, Station: c.a.Station,
			Action: "console-find", Subject: q, Result: fmt.Sprintf("%d found", len(found))})
		if err != nil {
			return nil, text.Wrap(err, "无法写入访问日志，未显示查找结果", "the access log cannot be written: nothing is shown")
		}
	}
	out := make([]web.CertificateItem, len(found))
	for i, f := range found {
		out[i] = item(f)
	}
	return out, err
}

func item(c ServeCertificate) web.CertificateItem {
	return web.CertificateItem{Identifier: c.Identifier, Number: c.Number, Licence: c.Licence, Holder: c.Holder,
		HolderCode: c.HolderCode, Status: c.Status, StatusName: c.StatusName}
}

// consoleActions are the lifecycle actions the console offers: every one of
// the commands but alter, whose new data needs a form of its own.
var consoleActions = []Action{Suspend, Resume, Revoke, Cancel, Annul, Pledge, Release, InspectPass, InspectFail, Extend}

// Actions lists the lifecycle actions on offer.
func (c *console) Actions() []web.ActionChoice {
	out := make([]web.ActionChoice, len(consoleActions))
	for i, a := range consoleActions {
		out[i] = web.ActionChoice{Name: string(a), Label: a.Name(), Until: a == Extend}
	}
	return out
}

// Preview says what the action would do to the certificate, or why not.
func (c *console) Preview(ctx context.Context, q web.ActRequest) (web.Preview, error) {
	o, err := c.change(ctx, q)
	if err != nil {
		return web.Preview{}, err
	}
	p, err := c.a.PreviewChange(ctx, o)
	if err != nil {
		return web.Preview{}, err
	}
	return web.Preview{Certificate: item(p.Certificate), Label: o.Action.Name(), From: stateT(p.From), To: stateT(p.To)}, nil
}

// Act applies the action through Change, as the command of the same name.
func (c *console) Act(ctx context.Context, q web.ActRequest) (text.T, error) {
	o, err := c.change(ctx, q)
	if err != nil {
		return text.T{}, err
	}
	r, err := c.a.Change(ctx, o)
	if err != nil {
		return text.T{}, err
	}
	due, _ := time.Parse(time.RFC3339, r.PushDeadline)
	return text.F("%s %s：%s → %s；%s 前推送至省级库", "%s %s: %s → %s; due at the repository by %s", o.Action.Name(), r.Identifier,
		stateT(r.From), stateT(r.To), due.In(Shanghai).Format("2006-01-02 15:04")), nil
}

// change is the lifecycle change a console request asks for.
func (c *console) change(ctx context.Context, q web.ActRequest) (ChangeOptions, error) {
	a := Action(q.Action)
	if !offered(a) {
		return ChangeOptions{}, text.Errorf("控制台不提供操作 %q", "the console offers no action %q", q.Action)
	}
	o := ChangeOptions{Target: Target{ID: q.Identifier}, Action: a, Reason: q.Reason}
	switch a {
	case InspectPass:
		o.Detail = map[string]any{"result": "pass"}
	case InspectFail:
		o.Detail = map[string]any{"result": "fail"}
	case Extend:
		o.Until = q.Until
		t, err := c.templateOf(ctx, q.Identifier)
		if err != nil {
			return o, err
		}
		o.Template = t
	}
	return o, nil
}

// templateOf is the template on offer of the certificate's licence type: a
// new version is made from it. An unknown certificate is left to Change to
// report.
func (c *console) templateOf(ctx context.Context, id string) (string, error) {
	cert, err := c.a.Ledger.ByIdentifier(ctx, id)
	if err != nil {
		return "", nil
	}
	for _, t := range c.templates {
		if t.TypeCode == cert.TypeCode {
			return t.Path, nil
		}
	}
	return "", text.Errorf("没有证照类型 %s 的模板，无法生成新版本", "no template of licence type %s is on offer to make the new version from", cert.TypeCode).WithHint(
		"请用 --templates 指定含该模板的目录后重新启动 ezz serve", "start ezz serve again with --templates naming a directory that holds it")
}

func offered(a Action) bool {
	for _, x := range consoleActions {
		if x == a {
			return true
		}
	}
	return false
}

func stateT(s StateView) text.T {
	t := text.F("%s %s", "%s %s", s.Code, s.Name)
	if s.Pledged {
		t = text.F("%s（质押中）", "%s (pledged)", t)
	}
	return t
}

// Outbox lists the outbox as ezz outbox does, with the repository's reason
// beside each entry it rejected.
func (c *console) Outbox(ctx context.Context) (*web.Outbox, error) {
	r, err := c.a.Outbox(ctx, c.a.Now())
	if err != nil {
		return nil, err
	}
	out := &web.Outbox{Target: c.target(), Pending: r.Pending, Overdue: r.Overdue, Rejected: r.Rejected}
	for _, e := range r.Entries {
		it := web.OutboxItem{Identifier: e.Identifier, Number: e.Number, Kind: e.Kind, Due: e.deadline,
			Overdue: e.Overdue, WorkingLeft: e.WorkingLeft}
		if x := e.Rejection; x != nil {
			at, _ := time.Parse(time.RFC3339, x.At)
			it.Rejected = &web.Rejection{Code: x.Code, Reason: x.Reason, At: at}
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}

// target names where the push button sends: --to, else --profile, else
// the workspace's repository_url, as for ezz push.
func (c *console) target() string {
	switch {
	case c.push.To != "":
		return c.push.To
	case c.push.Profile != "":
		return c.push.Profile
	}
	return c.a.Config.RepositoryURL
}

// Push pushes the outbox as ezz push does, with the same ledger events.
func (c *console) Push(ctx context.Context, retryRejected bool) (text.T, error) {
	o := c.push
	o.RetryRejected = retryRejected
	r, err := c.a.Push(ctx, o)
	if r == nil {
		return text.T{}, err
	}
	return text.F("推送至 %s：新接收 %d，此前已接收 %d，被拒绝 %d；待推送 %d 项，其中逾期 %d 项",
		"pushed to %s: %d accepted, %d already there, %d rejected; %d still waiting, %d of them overdue",
		r.Target, r.Pushed, r.Duplicate, r.Rejected, r.Waiting, r.Overdue), err
}
