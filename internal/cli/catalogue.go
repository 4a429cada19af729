package cli

import "github.com/spf13/cobra"

func newCatalogueCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalogue",
		Short: "Lint and compile face templates (照面模板) into catalogue entries (目录信息)",
	}
	cmd.AddCommand(newCatalogueLintCmd(g), newCatalogueCompileCmd(g), newCatalogueSchemaCmd(), newCatalogueShowCmd(g))
	return cmd
}
