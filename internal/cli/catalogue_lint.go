package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newCatalogueLintCmd(g *globals) *cobra.Command {
	var format string
	var strict bool
	var fonts fontOptions
	cmd := &cobra.Command{
		Use:   "lint PATH...",
		Short: "Check templates and report every problem with file:line:col (exit 1 on errors)",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.json {
				format = agency.FormatJSON
			}
			switch format {
			case agency.FormatText, agency.FormatJSON, agency.FormatGitHub, agency.FormatJUnit:
			default:
				return usagef("--format %q：请使用 text、json、github 或 junit", "--format %q: use text, json, github or junit", format)
			}
			a, err := open(cmd, g, ifWorkspace())
			if err != nil {
				return err
			}
			defer a.Close()
			files, found, err := agency.Lint(args, a.LintInWorkspace(agency.LintOptions{FontDirs: fonts.dirs}))
			if err != nil {
				return err
			}
			g.wroteJSON = format == agency.FormatJSON
			if err := agency.WriteLintReport(cmd.OutOrStdout(), format, g.lang, files, found); err != nil {
				return err
			}
			errs, warns := agency.CountFindings(found)
			if format == agency.FormatText {
				lintSummary(cmd.ErrOrStderr(), g.lang, len(files), errs, warns)
			}
			if errs > 0 || (strict && warns > 0) {
				return exitStatus{ExitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", agency.FormatText, "report format: text, json, github or junit")
	cmd.Flags().BoolVar(&strict, "strict", false, "fail on warnings too")
	fonts.add(cmd.Flags())
	return cmd
}

func lintSummary(w io.Writer, lang string, files, errs, warns int) {
	fmt.Fprintln(w, msg(lang,
		fmt.Sprintf("ezz: 检查了 %d 个模板：%d 个错误，%d 个警告", files, errs, warns),
		fmt.Sprintf("ezz: %d template(s) checked: %d error(s), %d warning(s)", files, errs, warns)))
}
