package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newLifecycleCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lifecycle",
		Short: "Bulk lifecycle changes from a workbook",
	}
	cmd.AddCommand(newLifecycleApplyCmd(g))
	return cmd
}

func newLifecycleApplyCmd(g *globals) *cobra.Command {
	is := &issuingOptions{}
	var typeCode, rejects string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "apply CHANGES.xlsx",
		Short: "Apply a workbook of changes (cancel, extend, revoke … hundreds at a time); rejected rows go to a rejects workbook",
		Long: `Apply a bulk-change workbook. Row 1 names the columns: 证照标识 (identifier) or
证照编号 (number, with --type or --template), 操作 (action: revoke, 吊销, extend, 延续 …),
原因 (reason), 有效期至 (until, for extend) and, for alter, the data items to change
by label or id. Every row is checked first; rows that cannot be applied go to
CHANGES.rejects.xlsx with the reason (exit 1). Each applied row is one ledger
transaction that also records the row: a stopped run is resumed by running it
again, and a rerun applies nothing twice. --dry-run checks and writes the rejects
only.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &is.pass), func(a *agency.Agency) (*agency.ApplyReport, error) {
				return a.LifecycleApply(cmd.Context(), agency.ApplyOptions{IssueOptions: is.options(), Workbook: args[0],
					TypeCode: typeCode, DryRun: dryRun, Rejects: rejects})
			}, func(r *agency.ApplyReport) error {
				printApply(cmd, g, r)
				return nil
			})
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&is.template, "template", "t", "", "face template (`FILE`.yaml): needed for alter and extend rows, and gives --number's type")
	fs.StringVar(&typeCode, "type", "", "the licence type `CODE` of rows that give a certificate number")
	fs.BoolVar(&dryRun, "dry-run", false, "check every row and write the rejects; change nothing")
	fs.StringVar(&rejects, "rejects", "", "write rejected rows to `FILE` (default CHANGES.rejects.xlsx)")
	is.pass.add(fs)
	is.fonts.add(fs)
	is.out.add(fs, "", "write new versions' PDFs under `DIR` (default: the workspace's out/)")
	return cmd
}

func printApply(cmd *cobra.Command, g *globals, r *agency.ApplyReport) {
	verb := msg(g.lang, "已执行", "applied")
	if r.DryRun {
		verb = msg(g.lang, "可执行（试运行，未做改动）", "would apply (dry run, nothing changed)")
	}
	fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "%d 行：%s %d，此前已执行 %d，拒绝 %d\n", "%d rows: %s %d, applied before %d, rejected %d\n"),
		r.Rows, verb, r.Applied, r.Before, r.Rejected)
	if r.Rejects != "" {
		fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "被拒绝的行及原因：%s\n", "rejected rows with the reasons: %s\n"), r.Rejects)
	}
}
