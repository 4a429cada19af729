package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newStatusListCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "status-list", Short: "Signed status lists for offline verification"}
	var out string
	var validFor time.Duration
	var pass passphraseOptions
	mk := &cobra.Command{
		Use:   "make -o FILE [--valid-for DURATION]",
		Short: "Sign the list of every certificate that is not simply valid (changed status or superseded versions)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (map[string]string, error) {
				next, err := a.MakeStatusList(cmd.Context(), out, validFor)
				return map[string]string{"file": out, "next_update": next.UTC().Format(time.RFC3339)}, err
			}, func(r map[string]string) error {
				_, err := fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已签发状态列表 %s，下次更新 %s\n", "status list %s signed, next update %s\n"), r["file"], r["next_update"])
				return err
			})
		},
	}
	mk.Flags().StringVarP(&out, "out", "o", "", "write the list to `FILE`")
	mk.Flags().DurationVar(&validFor, "valid-for", 24*time.Hour, "the list is stale after this long")
	pass.add(mk.Flags())
	requireFlags(mk, "out")
	cmd.AddCommand(mk, newStatusListPushCmd(g))
	return cmd
}

func newStatusListPushCmd(g *globals) *cobra.Command {
	var o agency.StatusListPush
	var pass passphraseOptions
	var repo repositoryOptions
	cmd := &cobra.Command{
		Use:   "push [--to URL] [--valid-for DURATION]",
		Short: "Sign the status list now and send it to the repository, which publishes it for verifiers",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (*agency.StatusListPosted, error) {
				o.Receiver, o.TLS = repo.receiver, repo.tls
				return a.PushStatusList(cmd.Context(), o)
			}, func(p *agency.StatusListPosted) error {
				_, err := fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "状态列表（%s，密钥 %s）已由 %s 接收，下次更新 %s\n",
					"status list of %s (key %s) taken by %s, next update %s\n"), p.IssuedAt, p.KeyID, p.To, p.NextUpdate)
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.To, "to", "", "the repository's base `URL` (default: repository_url of config.yaml)")
	fl.DurationVar(&o.ValidFor, "valid-for", 24*time.Hour, "the list is stale after this long")
	fl.DurationVar(&o.Timeout, "timeout", 30*time.Second, "give up on one request after this long (it is retried)")
	repo.add(fl)
	pass.add(fl)
	return cmd
}

func newPushProfileCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "profile", Short: "Push profiles: how ezz push maps onto a province's interface"}
	cmd.AddCommand(&cobra.Command{
		Use:   "lint FILE|NAME...",
		Short: "Check push profiles (exit 1 when one has problems); NAME is a built-in profile",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			bad := 0
			report := map[string][]string{}
			for _, name := range args {
				problems := agency.LintProfile(name)
				report[name] = problems
				bad += len(problems)
				if !g.json {
					for _, p := range problems {
						fmt.Fprintf(cmd.OutOrStdout(), "%s: %s\n", name, p)
					}
				}
			}
			if g.json {
				if err := writeJSON(cmd.OutOrStdout(), report); err != nil {
					return err
				}
			} else if bad == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), msg(g.lang, "推送配置无问题", "push profiles: no problems"))
			}
			if bad > 0 {
				return exitStatus{code: ExitFindings}
			}
			return nil
		},
	})
	return cmd
}
