package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newStatusCmd(g *globals) *cobra.Command {
	var at atOptions
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Summarise the workspace: certificates by state, open batches, outbox, reviews, calendar, signing certificate",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*agency.StatusReport, error) {
				return a.Status(cmd.Context(), at.or(a.Now()))
			}, func(r *agency.StatusReport) error {
				printStatus(cmd, g, r)
				return nil
			})
		},
	}
	at.add(cmd.Flags())
	return cmd
}

func printStatus(cmd *cobra.Command, g *globals, r *agency.StatusReport) {
	out := cmd.OutOrStdout()
	var counts []string
	for _, c := range r.Certificates {
		if c.Count > 0 {
			counts = append(counts, fmt.Sprintf("%s %s %d", c.Code, c.Name.In(g.lang), c.Count))
		}
	}
	fmt.Fprintf(out, "%s: %s\n", msg(g.lang, "证照", "certificates"), strings.Join(append(counts, fmt.Sprintf(msg(g.lang, "质押中 %d", "pledged %d"), r.Pledged)), ", "))
	fmt.Fprintf(out, "%s: %d %s\n", msg(g.lang, "未完成的批次", "open batches"), len(r.OpenBatches), strings.Join(r.OpenBatches, " "))
	o := r.Outbox
	fmt.Fprintf(out, msg(g.lang, "推送：待推送 %d，今日到期 %d，逾期 %d\n", "outbox: %d pending, %d due today, %d overdue\n"), o.Pending, o.DueToday, o.Overdue)
	v := r.Reviews
	fmt.Fprintf(out, msg(g.lang, "复核（%s）：办理中 %d，今日到期 %d，逾期 %d\n", "reviews (%s): %d open, %d due today, %d overdue\n"), v.Rule, v.Open, v.DueToday, v.Overdue)
	years := r.Calendar.Years
	if len(years) > 0 {
		fmt.Fprintf(out, msg(g.lang, "日历：%d–%d 年\n", "calendar: %d–%d\n"), years[0], years[len(years)-1])
	}
	if s := r.Signing; s != nil {
		fmt.Fprintf(out, msg(g.lang, "签发证书：%s，有效至 %s（%d 天）\n", "signing certificate: %s, valid until %s (%d days)\n"), s.Subject, s.NotAfter, s.DaysLeft)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(out, "%s: %s\n", msg(g.lang, "警告", "warning"), w.In(g.lang))
	}
}
