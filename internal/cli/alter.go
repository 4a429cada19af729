package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newAlterCmd(g *globals) *cobra.Command {
	o, is := &changeOptions{}, &issuingOptions{}
	var data string
	cmd := &cobra.Command{
		Use:   "alter [ID] --template T --data CHANGES.json --reason TEXT",
		Short: "Alter a certificate (变更): a new version with the changed data, re-rendered and re-signed",
		Long: `Alter a certificate: its current data with the changes in CHANGES.json (a JSON
object of data items by id or label) become a new version — identifier …001 → …002,
a new signed record, QR code and PDF — recorded with the reason and pushed within
1 working day. The old version stays in the ledger; verify reports it superseded.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := agency.ReadData(cmd.InOrStdin(), data)
			if err != nil {
				return err
			}
			return runChange(cmd, g, agency.ChangeOptions{IssueOptions: is.options(), Target: o.target(args),
				Action: agency.Alter, Reason: o.reason, Data: raw}, &is.pass)
		},
	}
	o.add(cmd)
	is.add(cmd)
	cmd.Flags().StringVar(&data, "data", "", "the changed data items as a JSON object, from `FILE` or - for standard input")
	requireFlags(cmd, "data")
	return cmd
}
