package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newKeysInitCmd(g *globals) *cobra.Command {
	var pilot, force bool
	var pass passphraseOptions
	cmd := &cobra.Command{
		Use:   "init --pilot",
		Short: "Make a pilot SM2 root and issuing certificate (for trials, never for legal use)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !pilot {
				return usagef("keys init 只生成试点密钥：请加 --pilot", "keys init makes pilot keys only: pass --pilot").WithHint(
					"使用依法设立的 CA 签发的证书，请运行 ezz keys import", "to use certificates from a lawful CA, run ezz keys import")
			}
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (*agency.Keys, error) {
				return a.KeysInitPilot(cmd.Context(), force)
			}, func(r *agency.Keys) error {
				return printKeys(cmd, g, r, msg(g.lang, "已生成试点密钥", "made pilot keys"))
			})
		},
	}
	cmd.Flags().BoolVar(&pilot, "pilot", false, "make pilot certificates, clearly marked as not for legal use")
	cmd.Flags().BoolVar(&force, "force", false, "replace existing keys (the old chain stays in keys/retired for verification)")
	pass.add(cmd.Flags())
	return cmd
}
