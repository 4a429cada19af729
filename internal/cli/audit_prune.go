package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

func newAuditPruneCmd(g *globals) *cobra.Command {
	var before timeValue
	var pass passphraseOptions
	cmd := &cobra.Command{
		Use:   "prune --before DATE",
		Short: "Remove the bodies of access entries past their retention (3 years), keeping their hashes",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (agency.AuditPrune, error) {
				return a.AuditPrune(cmd.Context(), before.t)
			}, func(p agency.AuditPrune) error {
				printPrune(cmd.OutOrStdout(), g.lang, p)
				return nil
			})
		},
	}
	cmd.Flags().Var(&before, "before", "prune access entries older than `DATE` (RFC 3339 or YYYY-MM-DD, at least 3 years ago)")
	requireFlags(cmd, "before")
	pass.add(cmd.Flags())
	return cmd
}

func printPrune(w io.Writer, lang string, p agency.AuditPrune) {
	fmt.Fprintln(w, text.F("已清理 %d 条访问日志条目（保留其哈希），新的树头：%d 条", "pruned %d access entries (their hashes kept); new tree head: %d entries", p.Pruned, p.Head.Size).In(lang))
	for _, class := range []string{"lifecycle", "system"} {
		n := p.Kept[class]
		if n == 0 {
			continue
		}
		fmt.Fprintln(w, "  "+text.F("保留 %d 条%s条目：%s", "kept %d %s entries: %s", n, class, keptReason(class)).In(lang))
	}
	if p.PastRetention > 0 {
		fmt.Fprintln(w, "  "+text.F("其中 %d 条所属证照已过保存期限，但台账仍保存这些证照，其日志随之保存",
			"of them %d are of certificates past their retention period, kept because the ledger still keeps those certificates", p.PastRetention).In(lang))
	}
}

// keptReason says why entries of a retention class are not pruned.
func keptReason(class string) text.T {
	if class == "lifecycle" {
		return text.New("证照生命周期记录至少与证照同期保存（期限取自目录的 retention，未写则永久）", "lifecycle records are kept at least as long as the certificate (the catalogue's retention; none given: for good)")
	}
	return text.New("工作区、密钥和批次记录永久保存", "workspace, key and batch records are kept for good")
}
