package cli

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

func newIdentCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ident",
		Short: "Check and take apart GB/T 36904 licence identifiers (证照标识)",
	}
	cmd.AddCommand(newIdentCheckCmd(g), newIdentParseCmd(g))
	return cmd
}

func newIdentCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check ID",
		Short: "Check an identifier's form and check character (exit 0 valid, 1 invalid)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := agency.ParseIdentifier(args[0])
			if g.json {
				j := identCheckJSON{Identifier: args[0], Valid: err == nil}
				if te, ok := err.(*text.Error); ok {
					j.Reason = agency.IdentReason(te.Err).En
				}
				if err := g.report(cmd.OutOrStdout(), j); err != nil {
					return err
				}
				if err != nil {
					return exitStatus{ExitFindings}
				}
				return nil
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg(g.lang, "有效", "valid"))
			return nil
		},
	}
}

// identCheckJSON is the --json report of ezz ident check.
type identCheckJSON struct {
	Identifier string `json:"identifier"`
	Valid      bool   `json:"valid"`
	Reason     string `json:"reason,omitempty"`
}

func newIdentParseCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "parse ID",
		Short: "Print an identifier's parts (a wrong check character is a warning)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := agency.ParseIdentifier(args[0])
			if p == nil {
				return err
			}
			if te, ok := err.(*text.Error); ok {
				fmt.Fprintf(cmd.ErrOrStderr(), "ezz: warning: %s\n", agency.IdentReason(te.Err).In(g.lang))
			}
			if g.json {
				return g.report(cmd.OutOrStdout(), p)
			}
			printIdentParts(cmd.OutOrStdout(), g.lang, p)
			return nil
		},
	}
}

func printIdentParts(out io.Writer, lang string, p *agency.IdentParts) {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	defer w.Flush()
	ok := msg(lang, "正确", "ok")
	if !p.CheckOK {
		ok = msg(lang, "错误", "wrong")
	}
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "类型代码", "type code"), p.TypeCode)
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "颁发机构代码", "issuer"), p.Issuer)
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "流水号", "serial"), p.Serial)
	if p.Station != "" {
		fmt.Fprintf(w, "%s\t%s / %d\n", msg(lang, "工作站 / 计数", "station / counter"), p.Station, p.Counter)
	}
	fmt.Fprintf(w, "%s\t%s\n", msg(lang, "版本号", "version"), p.Version)
	fmt.Fprintf(w, "%s\t%s (%s)\n", msg(lang, "校验位", "check"), p.Check, ok)
}
