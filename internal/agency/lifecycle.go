package agency

import (
	"context"
	"errors"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/lifecycle"
	"ezz/internal/text"
	"ezz/internal/workday"
)

// Target names the certificate a lifecycle command acts on: an identifier of
// any of its versions, or its certificate number with the type code (given,
// or the template's).
type Target struct {
	ID       string
	Number   string
	TypeCode string // "" with Number: the template's type code
}

// ChangeOptions configure one lifecycle change (docs/lifecycle.md).
type ChangeOptions struct {
	IssueOptions // alter and extend: the template (required), fonts, out, no-pdf
	Target
	Action lifecycle.Action
	Reason string
	Data   []byte // alter: a JSON object of the changed data items
	Until  string // extend: the new validity end, YYYY-MM-DD
	Detail map[string]any
	row    *ledger.ChangeRow // set by LifecycleApply
}

// StateView is a lifecycle state as reports show it.
type StateView struct {
	Code    string `json:"code"`
	Name    text.T `json:"name"`
	Pledged bool   `json:"pledged,omitempty"`
}

func viewOf(s ledger.State) StateView {
	return StateView{Code: s.Status, Name: lifecycle.Name(s.Status), Pledged: s.Pledged}
}

// ChangeReport is what a lifecycle change did (--json of ezz alter, revoke, …).
type ChangeReport struct {
	Action       string    `json:"action"`
	Identifier   string    `json:"identifier"`         // the current version after the change
	Previous     string    `json:"previous,omitempty"` // a new version: the one it supersedes
	From         StateView `json:"from"`
	To           StateView `json:"to"`
	Reason       string    `json:"reason"`
	Actor        string    `json:"actor"`
	At           string    `json:"at"`
	PushDeadline string    `json:"push_deadline"`
	Provisional  []text.T  `json:"provisional,omitempty"`
	File         string    `json:"file,omitempty"`
	Event        int64     `json:"event"`
}

// Change applies one lifecycle action to a certificate, in one ledger
// transaction with its event and an outbox entry due within 1 working day.
func (a *Agency) Change(ctx context.Context, o ChangeOptions) (*ChangeReport, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	if o.Reason == "" {
		return nil, text.Errorf("必须用 --reason 说明原因", "a reason is required (--reason)")
	}
	if o.Action.NewVersion() {
		return a.newVersion(ctx, o)
	}
	if len(o.Data) > 0 || o.Until != "" {
		return nil, text.Errorf("%s 不接受新数据或新有效期", "%s takes no new data or validity end", o.Action.Name())
	}
	cert, err := a.resolve(ctx, o.Target, o.Template)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	deadline, err := a.pushDeadline(now)
	if err != nil {
		return nil, err
	}
	got, err := a.Ledger.ApplyChange(ctx, ledger.Change{Identifier: cert.Identifier, Action: string(o.Action), Reason: o.Reason,
		Actor: a.Actor, Station: a.Station, At: now, Deadline: deadline.At, Detail: o.Detail, Decide: rule(o.Action), Row: o.row})
	if err != nil {
		return nil, changeError(cert.Identifier, err)
	}
	return report(o, got, "", a.Actor, now, deadline, ""), nil
}

// rule is the lifecycle state machine as the ledger's Decide.
func rule(a lifecycle.Action) ledger.Decide {
	return func(cur ledger.State) (ledger.State, error) {
		next, err := lifecycle.Next(lifecycle.State{Code: cur.Status, Pledged: cur.Pledged}, a)
		return ledger.State{Status: next.Code, Pledged: next.Pledged}, err
	}
}

func report(o ChangeOptions, got ledger.Changed, previous, actor string, now time.Time, d workday.Deadline, file string) *ChangeReport {
	r := &ChangeReport{Action: string(o.Action), Identifier: got.Identifier, Previous: previous, From: viewOf(got.From),
		To: viewOf(got.To), Reason: o.Reason, Actor: actor, At: now.UTC().Format(time.RFC3339),
		PushDeadline: d.At.UTC().Format(time.RFC3339), File: file, Event: got.Event}
	if d.Provisional {
		r.Provisional = Provisional([]int{d.At.In(Shanghai).AddDate(0, 0, -1).Year()})
	}
	return r
}

// pushDeadline is the end of the first working day after now, in the
// workspace's calendar.
func (a *Agency) pushDeadline(now time.Time) (workday.Deadline, error) {
	c, err := a.Calendar()
	if err != nil {
		return workday.Deadline{}, err
	}
	return c.After(now, workday.OfflineDays), nil
}

// changeError frames a refused or failed change with the certificate.
func changeError(id string, err error) error {
	switch {
	case errors.Is(err, lifecycle.ErrRefused):
		return &text.Error{Msg: text.F("%s：%v", "%s: %v", id, text.Of(err)), Class: text.Bad, Err: err,
			Hint: text.New("docs/lifecycle.md 列出每种状态下允许的操作", "docs/lifecycle.md lists what each state allows")}
	case errors.Is(err, ledger.ErrNotFound):
		return notInLedger(id, err)
	case errors.Is(err, ledger.ErrRowApplied):
		return &text.Error{Msg: text.New("该行已经执行过", "the row was applied before"), Err: err}
	}
	return err
}

func notInLedger(id string, err error) error {
	return &text.Error{Msg: text.F("台账中没有 %s", "%s is not in the ledger", id), Class: text.Bad, Err: err,
		Hint: text.New("请核对证照标识，或用 --number 与 --type 指定证照编号", "check the identifier, or give the certificate number with --number and --type")}
}

// resolve finds the certificate a target names; template (if any) gives the
// type code of a certificate number.
func (a *Agency) resolve(ctx context.Context, t Target, template string) (*ledger.Certificate, error) {
	switch {
	case t.ID != "" && t.Number != "":
		return nil, text.Errorf("证照标识与 --number 只能给一个", "give an identifier or --number, not both")
	case t.ID != "":
		c, err := a.Ledger.ByIdentifier(ctx, t.ID)
		if err != nil {
			return nil, lookupError(t.ID, err)
		}
		return c, nil
	case t.Number == "":
		return nil, text.Errorf("请给出证照标识，或用 --number 给出证照编号", "give an identifier, or a certificate number with --number")
	}
	typeCode := t.TypeCode
	if typeCode == "" && template != "" {
		tmpl, err := a.LoadTemplate(template, TemplateOptions{NoPDF: true})
		if err != nil {
			return nil, err
		}
		typeCode = tmpl.Catalogue.TypeCode
	}
	if typeCode == "" {
		return nil, text.Errorf("--number 需要 --type 或 --template 指明证照类型", "--number needs the type code: --type or --template")
	}
	c, err := a.Ledger.ByNumber(ctx, typeCode, t.Number)
	if err != nil {
		return nil, lookupError(t.Number, err)
	}
	return c, nil
}

func lookupError(what string, err error) error {
	if errors.Is(err, ledger.ErrNotFound) {
		return notInLedger(what, err)
	}
	return err
}

// Action is a lifecycle action, for callers of Change (docs/lifecycle.md).
type Action = lifecycle.Action

// The lifecycle actions.
const (
	Alter       = lifecycle.Alter
	Extend      = lifecycle.Extend
	Suspend     = lifecycle.Suspend
	Resume      = lifecycle.Resume
	Revoke      = lifecycle.Revoke
	Cancel      = lifecycle.Cancel
	Annul       = lifecycle.Annul
	Pledge      = lifecycle.Pledge
	Release     = lifecycle.Release
	InspectPass = lifecycle.InspectPass
	InspectFail = lifecycle.InspectFail
)
