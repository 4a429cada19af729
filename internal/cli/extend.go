package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newExtendCmd(g *globals) *cobra.Command {
	o, is := &changeOptions{}, &issuingOptions{}
	var until string
	cmd := &cobra.Command{
		Use:   "extend [ID] --template T --until DATE --reason TEXT",
		Short: "Extend a certificate (延续): a new version valid until DATE, re-rendered and re-signed",
		Args:  maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runChange(cmd, g, agency.ChangeOptions{IssueOptions: is.options(), Target: o.target(args),
				Action: agency.Extend, Reason: o.reason, Until: until}, &is.pass)
		},
	}
	o.add(cmd)
	is.add(cmd)
	cmd.Flags().StringVar(&until, "until", "", "the new last day of validity, `YYYY-MM-DD`")
	requireFlags(cmd, "until")
	return cmd
}
