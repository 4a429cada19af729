package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/audit"
	"ezz/internal/ledger"
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
			return from, to, usageError(Localized(fmt.Errorf("%s: %w", x.name, err), x.name+"：请使用 RFC 3339 时间或 YYYY-MM-DD 日期"))
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
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			from, to, err := rng.parse()
			if err != nil {
				return err
			}
			if format != "jsonl" && format != "xlsx" {
				return usageError(Localizedf(fmt.Errorf("--format %q: use jsonl or xlsx", format), "--format %q：请使用 jsonl 或 xlsx", format))
			}
			if format == "xlsx" && out == "" {
				return usageError(Localized(errors.New("--format xlsx needs -o FILE.xlsx"), "--format xlsx 需要用 -o 指定输出文件"))
			}
			e, err := openAudit(g)
			if err != nil {
				return err
			}
			defer e.close()
			n, err := exportAudit(cmd.Context(), e.led, cmd.OutOrStdout(), out, format, from, to)
			if err != nil {
				return textError(err)
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

// exportAudit writes the entries of [from, to) with their proofs in the
// latest head (the whole tree is rebuilt in memory from the stored leaves,
// ≈ 64 bytes an entry, so each path costs no look-ups).
func exportAudit(ctx context.Context, led *ledger.Ledger, stdout io.Writer, path, format string, from, to time.Time) (int, error) {
	head, err := led.LatestHead(ctx)
	if err != nil && !errors.Is(err, ledger.ErrNotFound) {
		return 0, err
	}
	leaves, err := led.AuditLeaves(ctx, head.Size)
	if err != nil {
		return 0, err
	}
	tree := audit.NewTree(leaves)
	w := stdout
	var f *os.File
	if path != "" {
		if f, err = os.Create(path + ".tmp"); err != nil {
			return 0, text.Wrap(err, "无法写入 %s", "cannot write %s", path)
		}
		defer os.Remove(path + ".tmp")
		defer f.Close()
		w = f
	}
	ew, err := exportWriter(ctx, led, w, format, head)
	if err != nil {
		return 0, err
	}
	n := 0
	err = led.AuditEntries(ctx, from, to, func(e ledger.AuditEntry, leaf audit.Hash) error {
		x := audit.Exported{Entry: e.Entry, Pruned: e.Pruned, Leaf: leaf, Sealed: e.Index < head.Size}
		if x.Sealed {
			if x.Path, err = audit.InclusionProof(e.Index, head.Size, tree); err != nil {
				return err
			}
		} else {
			x.Leaf = e.Leaf()
		}
		n++
		return ew.Entry(&x)
	})
	if err == nil {
		err = ew.Close()
	}
	if err == nil && f != nil {
		if err = f.Close(); err == nil {
			err = os.Rename(path+".tmp", path)
		}
	}
	return n, err
}

func exportWriter(ctx context.Context, led *ledger.Ledger, w io.Writer, format string, head audit.Head) (audit.ExportWriter, error) {
	if format == "xlsx" {
		return audit.NewXLSX(w, shanghai())
	}
	stored, err := led.Heads(ctx)
	if err != nil {
		return nil, err
	}
	heads := make([]audit.Head, len(stored))
	for i := range stored {
		heads[i] = stored[i].Head
	}
	return audit.NewJSONL(w, head, heads)
}
