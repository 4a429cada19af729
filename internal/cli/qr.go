package cli

import "github.com/spf13/cobra"

func newQRCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "qr",
		Short: "Make and check time-limited QR codes (二维码有效时限); see docs/qr.md",
	}
	cmd.AddCommand(newQRVerifyCmd(g), newQRMakeCmd(g))
	return cmd
}
