package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newOutboxCmd(g *globals) *cobra.Command {
	var at atOptions
	cmd := &cobra.Command{
		Use:   "outbox",
		Short: "List what awaits pushing and the open review requests, overdue first; exit 1 when anything is overdue",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*agency.OutboxReport, error) {
				return a.Outbox(cmd.Context(), at.or(a.Now()))
			}, func(r *agency.OutboxReport) error {
				printOutbox(cmd, g, r)
				return r.Err()
			})
		},
	}
	at.add(cmd.Flags())
	return cmd
}

func printOutbox(cmd *cobra.Command, g *globals, r *agency.OutboxReport) {
	out := cmd.OutOrStdout()
	for _, e := range r.Entries {
		fmt.Fprintf(out, "%-11s %-11s %s %s  %s\n", e.Item, e.Kind, e.Identifier, e.Number, dueText(g.lang, e))
		if x := e.Rejection; x != nil {
			fmt.Fprintf(out, msg(g.lang, "            被拒绝（%s，%s，%s）：%s\n", "            REJECTED (%s, %s, by %s): %s\n"), x.Code, x.At, x.Target, x.Reason)
		}
	}
	printProvisional(cmd, g, r.Provisional)
	fmt.Fprintf(out, msg(g.lang, "待办 %d 项，逾期 %d 项，被拒绝 %d 项\n", "%d pending, %d overdue, %d rejected\n"), r.Pending, r.Overdue, r.Rejected)
	if r.Listed < r.Pending {
		fmt.Fprintf(out, msg(g.lang, "（只列出最早到期的 %d 项）\n", "(only the %d due soonest are listed)\n"), r.Listed)
	}
}

// dueText is an entry's deadline and the time left, as a clerk reads it.
func dueText(lang string, e agency.OutboxEntry) string {
	if e.Deadline == "" {
		return msg(lang, "无期限", "no deadline")
	}
	due := deadlineDay(e.Deadline)
	if e.Overdue {
		late := (time.Duration(-e.LeftSeconds) * time.Second).Round(time.Minute)
		return fmt.Sprintf(msg(lang, "%s 前到期，已逾期 %s", "due by the end of %s, OVERDUE by %s"), due, late)
	}
	return fmt.Sprintf(msg(lang, "%s 前到期，剩余 %.2f 个工作日", "due by the end of %s, %.2f working days left"), due, e.WorkingLeft)
}
