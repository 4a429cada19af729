package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/ledger"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

func newAuditPruneCmd(g *globals) *cobra.Command {
	var before, passFile string
	cmd := &cobra.Command{
		Use:   "prune --before DATE",
		Short: "Remove the bodies of access entries past their retention (3 years), keeping their hashes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cut, err := parseAt(before, now())
			if before == "" || err != nil {
				return usageError(Localized(errors.New("--before DATE is required (RFC 3339 or YYYY-MM-DD)"), "需要 --before 日期（RFC 3339 或 YYYY-MM-DD）"))
			}
			e, err := openAudit(g)
			if err != nil {
				return err
			}
			defer e.close()
			key, err := e.unlock(cmd, passFile)
			if err != nil {
				return err
			}
			p, err := e.led.PruneAudit(cmd.Context(), cut, now(), workspace.Actor(), e.ws.Config.Station, key.Key)
			if errors.Is(err, ledger.ErrRetention) {
				return textError(text.Wrap(err, "拒绝清理：访问日志至少保存 %d 年", "prune refused: access entries are kept at least %d years", ledger.AccessRetention).WithClass(text.Bad))
			}
			if err != nil {
				return usageError(err)
			}
			if g.json {
				return writeJSON(cmd.OutOrStdout(), p)
			}
			w := cmd.OutOrStdout()
			fmt.Fprintln(w, text.F("已清理 %d 条访问日志条目（保留其哈希），新的树头：%d 条", "pruned %d access entries (their hashes kept); new tree head: %d entries", p.Pruned, p.Head.Size).In(g.lang))
			for _, class := range []string{"lifecycle", "system"} {
				n := p.Kept[class]
				if n == 0 {
					continue
				}
				fmt.Fprintln(w, "  "+text.F("保留 %d 条%s条目：%s", "kept %d %s entries: %s", n, class, keptReason(class)).In(g.lang))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&before, "before", "", "prune access entries older than `DATE` (at least 3 years ago)")
	passFlag(cmd, &passFile)
	return cmd
}

// keptReason says why entries of a retention class are not pruned.
func keptReason(class string) text.T {
	if class == "lifecycle" {
		return text.New("证照生命周期记录与证照同期保存（目录未规定期限，默认永久）", "lifecycle records are kept as long as the certificate (the catalogue sets no period: kept for good)")
	}
	return text.New("工作区、密钥和批次记录永久保存", "workspace, key and batch records are kept for good")
}
