package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

// auditRange is --from and --to: dates (midnight in Asia/Shanghai) or RFC 3339 times.
type auditRange struct{ from, to timeValue }

func (r *auditRange) add(cmd *cobra.Command) {
	cmd.Flags().Var(&r.from, "from", "only entries at or after `TIME` (RFC 3339 or YYYY-MM-DD)")
	cmd.Flags().Var(&r.to, "to", "only entries before `TIME` (RFC 3339 or YYYY-MM-DD)")
}

// utc is the time in UTC RFC 3339, "" when the flag was not given.
func (v *timeValue) utc() string {
	if v.t.IsZero() {
		return ""
	}
	return v.t.UTC().Format(time.RFC3339)
}

func newAuditExportCmd(g *globals) *cobra.Command {
	var rng auditRange
	var format, out string
	cmd := &cobra.Command{
		Use:   "export [--from TIME] [--to TIME] [--format jsonl|xlsx] [-o FILE]",
		Short: "Export audit entries for an inspection: jsonl with proof material, or xlsx with Chinese headers",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "jsonl" && format != "xlsx" {
				return usagef("--format %q：请使用 jsonl 或 xlsx", "--format %q: use jsonl or xlsx", format, format)
			}
			if format == "xlsx" && out == "" {
				return usagef("--format xlsx 需要用 -o 指定输出文件", "--format xlsx needs -o FILE.xlsx")
			}
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*auditExported, error) {
				n, err := a.AuditExport(cmd.Context(), cmd.OutOrStdout(), out, format, rng.from.t, rng.to.t)
				if err != nil || out == "" {
					return nil, err // the entries went to standard output as they were read
				}
				return &auditExported{File: out, Format: format, Entries: n}, nil
			}, func(e *auditExported) error {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), text.F("已导出 %d 条到 %s", "exported %d entries to %s", e.Entries, e.File).In(g.lang))
				return err
			})
		},
	}
	rng.add(cmd)
	cmd.Flags().StringVar(&format, "format", "jsonl", "`jsonl` (with proof material) or xlsx")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` (default: standard output, jsonl only)")
	return cmd
}

// auditExported is audit export's --json report when it wrote a file.
type auditExported struct {
	Entries int    `json:"entries"`
	File    string `json:"file"`
	Format  string `json:"format"`
}
