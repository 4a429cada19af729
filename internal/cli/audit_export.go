package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

// auditRange is --from and --to: dates (midnight in Asia/Shanghai) or RFC 3339 times.
type auditRange struct{ from, to string }

func (r *auditRange) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&r.from, "from", "", "only entries at or after `TIME` (RFC 3339 or YYYY-MM-DD)")
	cmd.Flags().StringVar(&r.to, "to", "", "only entries before `TIME` (RFC 3339 or YYYY-MM-DD)")
}

func (r *auditRange) parse() (from, to time.Time, err error) {
	for _, x := range []struct {
		name, s string
		t       *time.Time
	}{{"--from", r.from, &from}, {"--to", r.to, &to}} {
		if x.s == "" {
			continue
		}
		if *x.t, err = parseAt(x.s, time.Time{}); err != nil {
			return from, to, usagef("%s：请使用 RFC 3339 时间或 YYYY-MM-DD 日期", "%s: use RFC 3339 (2025-06-01T08:00:00+08:00) or YYYY-MM-DD", x.name, x.name)
		}
	}
	return from, to, nil
}

func newAuditExportCmd(g *globals) *cobra.Command {
	var rng auditRange
	var format, out string
	cmd := &cobra.Command{
		Use:   "export [--from TIME] [--to TIME] [--format jsonl|xlsx] [-o FILE]",
		Short: "Export audit entries for an inspection: jsonl with proof material, or xlsx with Chinese headers",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			from, to, err := rng.parse()
			if err != nil {
				return err
			}
			if format != "jsonl" && format != "xlsx" {
				return usagef("--format %q：请使用 jsonl 或 xlsx", "--format %q: use jsonl or xlsx", format, format)
			}
			if format == "xlsx" && out == "" {
				return usagef("--format xlsx 需要用 -o 指定输出文件", "--format xlsx needs -o FILE.xlsx")
			}
			a, err := open(cmd, g, agency.Options{})
			if err != nil {
				return err
			}
			defer a.Close()
			n, err := a.AuditExport(cmd.Context(), cmd.OutOrStdout(), out, format, from, to)
			if err != nil {
				return err
			}
			if out != "" && g.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"file": out, "format": format, "entries": n})
			}
			if out != "" {
				fmt.Fprintln(cmd.OutOrStdout(), text.F("已导出 %d 条到 %s", "exported %d entries to %s", n, out).In(g.lang))
			}
			return nil
		},
	}
	rng.add(cmd)
	cmd.Flags().StringVar(&format, "format", "jsonl", "`jsonl` (with proof material) or xlsx")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` (default: standard output, jsonl only)")
	return cmd
}
