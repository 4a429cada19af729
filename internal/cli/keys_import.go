package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/env"
)

func newKeysImportCmd(g *globals) *cobra.Command {
	var force bool
	var pass passphraseOptions
	var srcPassFile string
	cmd := &cobra.Command{
		Use:   "import CERT.pem KEY.pem | FILE.p12",
		Short: "Import an issuing certificate and key from a lawful CA (PEM or PKCS #12)",
		Args:  rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, with(workspaceOnly(), &pass), func(a *agency.Agency) (*agency.Keys, error) {
				return a.KeysImport(cmd.Context(), agency.KeySource{Files: args, PassFile: srcPassFile}, force)
			}, func(r *agency.Keys) error {
				return printKeys(cmd, g, r, msg(g.lang, "已导入密钥", "imported keys"))
			})
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace existing keys (the old chain stays in keys/retired for verification)")
	pass.add(cmd.Flags())
	cmd.Flags().StringVar(&srcPassFile, "source-passphrase-file", "", "read the passphrase of the imported key or PKCS #12 from `FILE` (else $"+env.SourcePassphrase.Name+", else a prompt)")
	return cmd
}
