package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// newCatalogueShowCmd is `ezz catalogue show TEMPLATE`: the items a register
// must carry (columns or map-file values) and the face, for writing a map file.
func newCatalogueShowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show TEMPLATE.yaml",
		Short: "List a template's data items (id, label, aliases, type, code table, metadata element) and face elements",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := agency.DescribeTemplate(args[0])
			if err != nil {
				return err
			}
			if g.json {
				return g.report(cmd.OutOrStdout(), o)
			}
			return o.WriteText(cmd.OutOrStdout(), g.lang)
		},
	}
}
