package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"ezz/internal/conversion"
	"ezz/internal/register"
	"ezz/internal/workspace"
)

func newConvertCmd(g *globals) *cobra.Command {
	f := &issuingFlags{}
	var mapFile string
	var dryRun bool
	var workers int
	cmd := &cobra.Command{
		Use:   "convert REGISTER.xlsx --template T",
		Short: "Convert a register of paper certificates into signed electronic certificates",
		Long: `Convert an Excel register of existing paper certificates (存量证照) into signed
electronic certificates: every row is validated against the template's data-item
standard; valid rows are issued (identifier, signed record, QR code, signed PDF) and
recorded in the ledger; rejected rows go to a rejects workbook with a 错误原因 column
that you can fix and feed back. A run that is stopped (even killed) is finished by
running the same command again; converting the same register twice issues nothing new.

Exit status: 0 every row issued, 1 some rows rejected, 2 usage or environment error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var m *register.MapFile
			if mapFile != "" {
				var err error
				if m, err = register.LoadMapFile(mapFile); err != nil {
					return usageError(reframe(err, "read map file: ", "读取映射文件失败："))
				}
			}
			is, err := openIssuing(cmd, g, f, now())
			if err != nil {
				return err
			}
			defer is.close()
			o := conversion.Options{
				Register: args[0], Map: m, OutDir: is.out, DryRun: dryRun,
				Template: is.tmpl, Hash: is.hash, Maker: is.maker, Ledger: is.led,
				Actor: workspace.Actor(), Workers: workers, Now: now,
			}
			return runConvert(cmd, g, o)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&mapFile, "map", "", "explicit column mapping (`MAP.yaml`, see docs/registers.md)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "validate every row and write the rejects workbook; issue nothing")
	cmd.Flags().BoolVar(&f.noPDF, "no-pdf", false, "issue signed records and QR codes only, without PDFs")
	cmd.Flags().IntVar(&workers, "workers", 0, "parallel issuers (default: one per CPU)")
	return cmd
}

func runConvert(cmd *cobra.Command, g *globals, o conversion.Options) error {
	stderr := cmd.ErrOrStderr()
	o.Progress = progressPrinter(stderr, g.lang)
	o.Warn = func(p register.MapProblem) { fmt.Fprintln(stderr, "ezz: "+mapWarning(g.lang, p)) }
	sum, err := conversion.Run(cmd.Context(), o)
	var step *conversion.StepError
	if errors.As(err, &step) {
		// The step in Chinese, and the cause's Chinese text (OS errors included).
		err = Localized(err, step.StepZh+"："+zhOr(step.Err))
	}
	if sum == nil {
		return usageError(err)
	}
	if g.json {
		if jerr := writeJSON(cmd.OutOrStdout(), sum); jerr != nil {
			return jerr
		}
	} else {
		printSummary(cmd.OutOrStdout(), g.lang, sum)
	}
	if errors.Is(err, context.Canceled) {
		err := Localizedf(fmt.Errorf("stopped before the end of the register: the %d certificates issued so far are kept", sum.Issued),
			"转换在登记表结束前停止：已签发的 %d 份证照已保存", sum.Issued)
		return usageError(HintedZh(err, "run the same command again to finish the batch", "再次运行同一命令即可完成该批次"))
	}
	if err != nil {
		return usageError(HintedZh(err,
			"fix the cause and run the same command again: what was issued is kept and the rest is finished",
			"排除原因后再次运行同一命令：已签发的证照会保留，其余的继续签发"))
	}
	if sum.Rejected > 0 {
		return errSilent{code: ExitFindings}
	}
	return nil
}

func printSummary(w io.Writer, lang string, s *conversion.Summary) {
	if len(s.Mapping) > 0 {
		for _, id := range slices.Sorted(maps.Keys(s.Mapping[0].Values)) {
			fmt.Fprintf(w, msg(lang, "每行的固定值（映射文件 values）：%s = %s\n", "value of every row (map file values): %s = %s\n"), id, s.Mapping[0].Values[id])
		}
	}
	if s.DryRun {
		fmt.Fprintf(w, msg(lang, "试运行（未签发）：%d 行，可签发 %d，退回 %d\n", "dry run (nothing issued): %d rows, %d would be issued, %d rejected\n"), s.Rows, s.Issued, s.Rejected)
	} else {
		fmt.Fprintf(w, msg(lang, "批次 %s：%d 行，本次签发 %d，退回 %d，此前已签发 %d，用时 %.1f 秒（%.0f 份/秒）\n",
			"batch %s: %d rows, %d issued now, %d rejected, %d issued before; %.1f s (%.0f/s)\n"),
			s.Batch, s.Rows, s.Issued, s.Rejected, s.Already, s.Seconds, s.PerSecond)
		if s.Issued == 0 && s.Already > 0 {
			fmt.Fprintf(w, msg(lang, "没有新的证照需要签发：%d 行此前已签发，%d 行仍被退回。\n", "nothing new to issue: %d rows were issued before, %d rows are still rejected.\n"), s.Already, s.Rejected)
		}
	}
	if s.OutDir != "" && !s.DryRun {
		fmt.Fprintf(w, msg(lang, "证照文件：%s\n", "certificates: %s\n"), s.OutDir)
	}
	if s.Manifest != "" {
		fmt.Fprintf(w, msg(lang, "签名清单：%s\n", "signed manifest: %s\n"), s.Manifest)
	}
	if s.Rejects != "" {
		fmt.Fprintf(w, msg(lang, "退回行：%s（按“错误原因”列修改后重新转换该文件）\n", "rejected rows: %s (fix them as the 错误原因 column says and convert that file)\n"), s.Rejects)
	}
	if s.PushDeadline != "" {
		fmt.Fprintln(w, deadlineLine(lang, s.PushDeadline, s.DeadlineProvisional))
	}
}

// mapWarning is a mapping warning in the user's language.
func mapWarning(lang string, p register.MapProblem) string {
	if lang == "en" {
		return "warning: " + p.String()
	}
	if p.Sheet != "" && !strings.Contains(p.Message, p.Sheet) {
		return "提示：工作表“" + p.Sheet + "”：" + p.Message
	}
	return "提示：" + p.Message
}

// progressPrinter shows a progress bar on a terminal and a line every ten
// seconds otherwise.
func progressPrinter(w io.Writer, lang string) func(conversion.Progress) {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	var lastLine time.Duration
	return func(p conversion.Progress) {
		line := progressLine(lang, p)
		switch {
		case tty && p.Done:
			fmt.Fprintf(w, "\r%s\n", line)
		case tty:
			fmt.Fprintf(w, "\r%s   ", line)
		case p.Done || p.Elapsed-lastLine >= 10*time.Second:
			lastLine = p.Elapsed
			fmt.Fprintf(w, "ezz: %s\n", line)
		}
	}
}

// progressLine is "[#####.....] 1200/5000 rows  320/s  ETA 0:12  rejected 3".
func progressLine(lang string, p conversion.Progress) string {
	done := p.Issued + p.Rejected + p.Already
	rate := 0.0
	if s := p.Elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	bar, eta := "", "?"
	if p.Total > 0 {
		const width = 20
		filled := min(width, done*width/p.Total)
		bar = "[" + strings.Repeat("#", filled) + strings.Repeat(".", width-filled) + "] "
		if rate > 0 {
			left := time.Duration(float64(max(p.Total-done, 0))/rate) * time.Second
			eta = fmt.Sprintf("%d:%02d", int(left.Minutes()), int(left.Seconds())%60)
		}
	}
	return fmt.Sprintf(msg(lang, "%s%d/%d 行  %.0f 行/秒  剩余 %s  已签发 %d  退回 %d  此前已签发 %d", "%s%d/%d rows  %.0f rows/s  ETA %s  issued %d  rejected %d  done before %d"),
		bar, done, max(p.Total, p.Rows), rate, eta, p.Issued, p.Rejected, p.Already)
}
