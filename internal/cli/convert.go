package cli

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"ezz/internal/agency"
)

func newConvertCmd(g *globals) *cobra.Command {
	o := &issuingOptions{}
	c := agency.ConvertOptions{}
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
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := openIssuing(cmd, g, o)
			if err != nil {
				return err
			}
			defer a.Close()
			c.IssueOptions, c.Register = o.options(), args[0]
			stderr := cmd.ErrOrStderr()
			c.Progress = progressPrinter(stderr, g.lang)
			c.Warn = func(p agency.MapProblem) { fmt.Fprintln(stderr, "ezz: "+mapWarning(g.lang, p)) }
			sum, err := a.Convert(cmd.Context(), c)
			return printConverted(cmd, g, sum, err)
		},
	}
	o.add(cmd)
	fs := cmd.Flags()
	fs.StringVar(&c.Map, "map", "", "explicit column mapping (`MAP.yaml`, see docs/registers.md)")
	fs.BoolVar(&c.DryRun, "dry-run", false, "validate every row and write the rejects workbook; issue nothing")
	fs.BoolVar(&o.noPDF, "no-pdf", false, "issue signed records only, without PDFs (each row's QR code is checked; with no PDF to carry it, none is kept)")
	fs.IntVar(&c.Workers, "workers", 0, "certificates made at once (default: one per CPU and two more with PDFs; without PDFs one fewer, and one more while the ledger is short of them)")
	return cmd
}

// convertJSON is the --json report of ezz convert: the summary, and the
// error a run stopped with, if any.
type convertJSON struct {
	*agency.Summary
	Error *errorBody `json:"error,omitempty"`
}

func printConverted(cmd *cobra.Command, g *globals, sum *agency.Summary, err error) error {
	if sum == nil {
		return err
	}
	if g.json {
		j := convertJSON{Summary: sum}
		if err != nil {
			e := newErrorJSON(err).Error
			j.Error = &e
		}
		if jerr := g.report(cmd.OutOrStdout(), j); jerr != nil {
			return jerr
		}
	} else {
		printSummary(cmd.OutOrStdout(), g.lang, sum)
	}
	if err != nil {
		return err
	}
	if sum.Rejected > 0 {
		return exitStatus{ExitFindings}
	}
	return nil
}

func printSummary(w io.Writer, lang string, s *agency.Summary) {
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
		if s.Unfinished > 0 {
			fmt.Fprintf(w, msg(lang, "已读入的另外 %d 行尚未处理：再次运行同一命令即可完成\n", "%d more rows read were not finished: run the same command again to finish them\n"), s.Unfinished)
		}
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
	switch {
	case s.Rejects != "" && s.ConcludedAt == "" && !s.DryRun:
		fmt.Fprintf(w, msg(lang, "目前退回的行：%s（批次尚未完成：再次运行同一命令后，该文件会重新写出，届时再按“错误原因”列修改）\n",
			"rows rejected so far: %s (the batch is not finished: the same command again writes this file anew; fix the rows as its 错误原因 column says after that)\n"), s.Rejects)
	case s.Rejects != "":
		fmt.Fprintf(w, msg(lang, "退回行：%s（按“错误原因”列修改后重新转换该文件）\n", "rejected rows: %s (fix them as the 错误原因 column says and convert that file)\n"), s.Rejects)
	}
	if s.PushDeadline != "" {
		fmt.Fprintln(w, deadlineLine(lang, s.PushDeadline, s.DeadlineProvisional))
	}
}

// mapWarning is a mapping warning in the user's language.
func mapWarning(lang string, p agency.MapProblem) string {
	return msg(lang, "提示：", "warning: ") + p.Placed().In(lang)
}

// progressPrinter shows a progress bar on a terminal and, otherwise (a log),
// a plain line every ten seconds: counts only, since the total is an estimate.
func progressPrinter(w io.Writer, lang string) func(agency.Progress) {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	var lastLine time.Duration
	return func(p agency.Progress) {
		line := progressLine(lang, p)
		switch {
		case tty && p.Done:
			fmt.Fprintf(w, "\r%s\n", line)
		case tty:
			fmt.Fprintf(w, "\r%s   ", line)
		case p.Done || p.Elapsed-lastLine >= 10*time.Second:
			lastLine = p.Elapsed
			fmt.Fprintf(w, "ezz: %s\n", logLine(lang, p))
		}
	}
}

// logLine is progress for a log: "1200 rows  320 rows/s  issued 1197  rejected 3  done before 0".
func logLine(lang string, p agency.Progress) string {
	done := p.Issued + p.Rejected + p.Already
	rate := 0.0
	if s := p.Elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	return fmt.Sprintf(msg(lang, "%d 行  %.0f 行/秒  已签发 %d  退回 %d  此前已签发 %d", "%d rows  %.0f rows/s  issued %d  rejected %d  done before %d"),
		done, rate, p.Issued, p.Rejected, p.Already)
}

// progressLine is "[#####.....] 1200/5000 rows  320/s  ETA 0:12  rejected 3".
func progressLine(lang string, p agency.Progress) string {
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
