package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newCheckCmd(g *globals) *cobra.Command {
	is := &issuingOptions{}
	var repair bool
	cmd := &cobra.Command{
		Use:   "check [--repair [--template T]]",
		Short: "Check the ledger's integrity and every recorded file against its SM3; exit 1 on any problem",
		Long: `Check the workspace (or a copy made by ezz backup): SQLite's integrity and
foreign-key checks, the ledger's own consistency rules, every recorded PDF against
its stored SM3 (missing and altered files named), and PDFs in the output
directories that the ledger does not record (extra files named).

--repair puts back a missing PDF, as a recorded event: a staged copy with the
recorded SM3 (left by a run stopped after its commit) is renamed into place;
otherwise, with --template, the PDF is rendered again from the ledger's signed
record and signed anew, and its new SM3 is recorded. Then it removes what stopped
runs left staged in directories no run holds (staged PDFs the ledger does not
record, half-written rejects workbooks), as the same ezz convert again would for
a batch whose register was changed or is gone; each is named as cleared
(docs/lifecycle.md).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &is.pass), func(a *agency.Agency) (*agency.CheckReport, error) {
				return a.Check(cmd.Context(), agency.CheckOptions{Repair: repair, IssueOptions: is.options()})
			}, func(r *agency.CheckReport) error {
				printCheck(cmd, g, r)
				return nil
			})
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&repair, "repair", false, "put back missing PDFs (recorded as events) and clear stopped runs' staged files")
	fs.StringVarP(&is.template, "template", "t", "", "face template (`FILE`.yaml) to render missing PDFs again with (--repair)")
	is.pass.add(fs)
	is.fonts.add(fs)
	return cmd
}

func printCheck(cmd *cobra.Command, g *globals, r *agency.CheckReport) {
	out := cmd.OutOrStdout()
	for _, p := range r.Ledger {
		fmt.Fprintf(out, msg(g.lang, "台账：违反规则 %s：%s\n", "ledger: rule %s broken: %s\n"), p.Rule, p.Subject)
	}
	for _, f := range r.Missing {
		fmt.Fprintf(out, msg(g.lang, "缺失：%s（%s）\n", "missing: %s (%s)\n"), f.Path, f.Identifier)
	}
	for _, f := range r.Altered {
		fmt.Fprintf(out, msg(g.lang, "被改动：%s（%s）：SM3 为 %s，记录为 %s\n", "altered: %s (%s): SM3 %s, want %s\n"), f.Path, f.Identifier, f.Got, f.Want)
	}
	for _, p := range r.Extra {
		fmt.Fprintf(out, msg(g.lang, "多余：%s（台账中没有记录）\n", "extra: %s (not in the ledger)\n"), p)
	}
	for _, d := range r.Busy {
		fmt.Fprintf(out, msg(g.lang, "正在写入：%s（另一个 ezz 进程持有其锁，其暂存和尚未就位的文件未计入）\n",
			"busy: %s (another ezz process holds its lock: its staged files and files not yet in place are not counted)\n"), d)
	}
	for _, f := range r.Repaired {
		how := msg(g.lang, "重新生成并签名", "rendered and signed again")
		if f.Identical {
			how = msg(g.lang, "原样放回", "put back as recorded")
		}
		fmt.Fprintf(out, msg(g.lang, "已修复：%s（%s，%s）\n", "repaired: %s (%s, %s)\n"), f.Path, f.Identifier, how)
	}
	for _, p := range r.Cleared {
		fmt.Fprintf(out, msg(g.lang, "已清除：%s（中断的运行留下的暂存文件）\n", "cleared: %s (a staged file a stopped run left)\n"), p)
	}
	if r.OK {
		fmt.Fprintf(out, msg(g.lang, "正常：台账完好，%d 个文件与记录一致\n", "ok: the ledger is sound and %d file(s) match their records\n"), r.Files)
	}
}
