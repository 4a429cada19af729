package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// changeOptions are what every lifecycle command takes: the certificate (an
// identifier argument, or --number with --type or --template) and the reason.
type changeOptions struct {
	number   string
	typeCode string
	reason   string
	template string // of --number, for the commands that make no new version
}

func (o *changeOptions) add(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&o.number, "number", "", "the certificate by its `NUMBER` (证照编号) instead of an identifier; needs --type or --template")
	fs.StringVar(&o.typeCode, "type", "", "the licence type `CODE` (证照类型代码) of --number")
	fs.StringVar(&o.reason, "reason", "", "why (recorded with the change and pushed with it; required)")
	requireFlags(cmd, "reason")
}

// addTemplate is --template for the commands whose --template only says
// the type of --number (alter and extend take the issuing options' one).
func (o *changeOptions) addTemplate(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.template, "template", "", "face template (`FILE`.yaml) whose type code --number is of")
}

func (o *changeOptions) target(args []string) agency.Target {
	t := agency.Target{Number: o.number, TypeCode: o.typeCode}
	if len(args) > 0 {
		t.ID = args[0]
	}
	return t
}

// statusCommands are the lifecycle commands that only change a status or the
// pledge mark: one shape, one constructor.
var statusCommands = []struct {
	action agency.Action
	use    string
	short  string
}{
	{agency.Suspend, "suspend", "Suspend a certificate (暂扣 / 挂起): status 02 until resumed"},
	{agency.Resume, "resume", "Resume a suspended certificate (恢复): status 01 again"},
	{agency.Revoke, "revoke", "Revoke a certificate (吊销): status 07, final but for an annulment"},
	{agency.Cancel, "cancel", "Cancel a certificate (注销): status 04"},
	{agency.Annul, "annul", "Annul a certificate (撤销 / 废止): status 03, nothing can follow"},
	{agency.Pledge, "pledge", "Mark a certificate pledged (质押); verify shows it"},
	{agency.Release, "release", "Release a pledge (解除质押)"},
}

// newStatusCmds are suspend, resume, revoke, cancel, annul, pledge and release.
func newStatusCmds(g *globals) []*cobra.Command {
	var out []*cobra.Command
	for _, s := range statusCommands {
		out = append(out, newChangeCmd(g, s.action, s.use, s.short))
	}
	return append(out, newInspectCmd(g))
}

func newChangeCmd(g *globals, action agency.Action, use, short string) *cobra.Command {
	o := &changeOptions{}
	cmd := &cobra.Command{
		Use:   use + " [ID] --reason TEXT",
		Short: short,
		Long: short + `.

The certificate is an identifier of any of its versions, or --number with --type
(or --template). The change is one ledger transaction: its event (who, when,
why), the new state, and an outbox entry due within 1 working day. A move the
state machine does not allow (docs/lifecycle.md) is refused with exit 1.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := agency.ChangeOptions{Target: o.target(args), Action: action, Reason: o.reason}
			c.Template = o.template
			return runChange(cmd, g, c, nil)
		},
	}
	o.add(cmd)
	o.addTemplate(cmd)
	return cmd
}

func newInspectCmd(g *globals) *cobra.Command {
	o := &changeOptions{}
	var result string
	cmd := &cobra.Command{
		Use:   "inspect [ID] --result pass|fail --reason TEXT",
		Short: "Record an annual inspection (年检): pass changes nothing, fail suspends",
		Args:  maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			action := agency.InspectPass
			switch result {
			case "pass", "合格":
			case "fail", "不合格":
				action = agency.InspectFail
			default:
				return usagef("--result %q：请使用 pass（合格）或 fail（不合格）", "--result %q: use pass or fail", result)
			}
			c := agency.ChangeOptions{Target: o.target(args), Action: action, Reason: o.reason, Detail: map[string]any{"result": result}}
			c.Template = o.template
			return runChange(cmd, g, c, nil)
		},
	}
	o.add(cmd)
	cmd.Flags().StringVar(&result, "result", "", "the inspection's result: pass or fail (required)")
	o.addTemplate(cmd)
	requireFlags(cmd, "result")
	return cmd
}

// runChange applies the change and prints its report; alter and extend
// make a new version, so they give the passphrase.
func runChange(cmd *cobra.Command, g *globals, c agency.ChangeOptions, pass *passphraseOptions) error {
	o := workspaceOnly()
	if pass != nil {
		o = with(o, pass)
	}
	return agencyCmd(cmd, g, o, func(a *agency.Agency) (*agency.ChangeReport, error) {
		rep, err := a.Change(cmd.Context(), c)
		printDataProblems(cmd, g, err)
		return rep, err
	}, func(r *agency.ChangeReport) error {
		printChange(cmd, g, r)
		return nil
	})
}

func printChange(cmd *cobra.Command, g *globals, r *agency.ChangeReport) {
	out := cmd.OutOrStdout()
	name := agency.Action(r.Action).Name()
	fmt.Fprintf(out, "%s %s: %s → %s\n", name.In(g.lang), r.Identifier, stateText(g.lang, r.From), stateText(g.lang, r.To))
	if r.Previous != "" {
		fmt.Fprintf(out, "  %s %s\n", msg(g.lang, "取代", "supersedes"), r.Previous)
	}
	if r.File != "" {
		fmt.Fprintf(out, "  %s %s\n", msg(g.lang, "文件", "file"), r.File)
	}
	fmt.Fprintf(out, "  %s %s\n", msg(g.lang, "原因", "reason"), r.Reason)
	fmt.Fprintln(out, "  "+deadlineLine(g.lang, r.PushDeadline, len(r.Provisional) > 0))
	printProvisional(cmd, g, r.Provisional)
}

func stateText(lang string, s agency.StateView) string {
	t := s.Code + " " + s.Name.In(lang)
	if s.Pledged {
		t += msg(lang, "（质押中）", " (pledged)")
	}
	return t
}
