package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newCatalogueCompileCmd(g *globals) *cobra.Command {
	var out outOptions
	var fonts fontOptions
	cmd := &cobra.Command{
		Use:   "compile TEMPLATE",
		Short: "Write the catalogue entry (目录信息) JSON of a template that lints clean",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := agency.Compile(args[0], out.dir, agency.LintOptions{FontDirs: fonts.dirs})
			var lf *agency.LintFailed
			if errors.As(err, &lf) {
				_ = agency.WriteLintReport(cmd.ErrOrStderr(), agency.FormatText, g.lang, nil, lf.Findings)
			}
			if err != nil {
				return err
			}
			if g.json {
				return g.report(cmd.OutOrStdout(), c)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s %s\n", c.File, c.TypeCode, c.ContentHash)
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", c.SamplePDF, msg(g.lang, "（证照样例，未签名）", "(the sample certificate, unsigned)"))
			return nil
		},
	}
	out.add(cmd.Flags(), ".", "write the entry into `DIR`")
	fonts.add(cmd.Flags())
	return cmd
}

func newCatalogueSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of the template format",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(agency.TemplateSchema())
			return err
		},
	}
}
