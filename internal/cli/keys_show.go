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
			a, err := open(cmd, g, agency.Options{Optional: true, NoLedger: true, PassphraseFile: pass.file})
			if err != nil {
				return err
			}
			defer a.Close()
			r, err := a.KeysShow(check)
			if err != nil {
				return err
			}
			done := ""
			if check {
				done = msg(g.lang, "密钥已解锁，与证书匹配", "key unlocked and matches its certificate")
			}
			return printKeys(cmd, g, r, done)
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "unlock the key and check it against its certificate, as signing would")
	pass.add(cmd.Flags())
	return cmd
}
