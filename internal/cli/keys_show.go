package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newKeysShowCmd(g *globals) *cobra.Command {
	var check bool
	var pass passphraseOptions
	cmd := &cobra.Command{
		Use:   "show [--check]",
		Short: "Show the issuing certificate: subject, algorithm, validity, SM3 fingerprint, key id",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, with(optionalWorkspace(), &pass), func(a *agency.Agency) (*agency.Keys, error) {
				return a.KeysShow(check)
			}, func(r *agency.Keys) error {
				done := ""
				if check {
					done = msg(g.lang, "密钥已解锁，与证书匹配", "key unlocked and matches its certificate")
				}
				return printKeys(cmd, g, r, done)
			})
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "unlock the key and check it against its certificate, as signing would")
	pass.add(cmd.Flags())
	return cmd
}
