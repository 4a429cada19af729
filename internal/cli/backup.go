package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newBackupCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "backup DEST",
		Short: "Copy the workspace consistently while it is in use: ledger snapshot, config, keys, calendar, recorded PDFs",
		Long: `Copy the workspace into DEST (a new or empty directory) while other ezz processes
go on working: the ledger as one consistent snapshot (SQLite VACUUM INTO), then
config.yaml, keys/, calendar/ and the PDFs that snapshot records in the workspace, and a
manifest (backup.json). ezz check --home DEST checks the copy.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*agency.BackupReport, error) {
				return a.Backup(cmd.Context(), args[0])
			}, func(r *agency.BackupReport) error {
				fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已备份到 %s：台账、配置、密钥和 %d 个证照文件\n", "backed up to %s: ledger, config, keys and %d certificate file(s)\n"), r.Dest, r.Files)
				for _, s := range r.Skipped {
					fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "未复制（不在工作区内或已缺失）：%s\n", "not copied (outside the workspace or missing): %s\n"), s)
				}
				return nil
			})
		},
	}
}
