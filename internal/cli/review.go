package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

func newReviewCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Review requests (复核): open, close and list them with their answer deadlines",
	}
	cmd.AddCommand(newReviewOpenCmd(g), newReviewCloseCmd(g), newReviewListCmd(g))
	return cmd
}

func newReviewOpenCmd(g *globals) *cobra.Command {
	o := &changeOptions{}
	var received, template string
	cmd := &cobra.Command{
		Use:   "open [ID] --reason TEXT [--received DATE]",
		Short: "Record a review request about a certificate; it is due in 5 working days (henan) or 3 days (hubei)",
		Args:  maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*agency.ReviewView, error) {
				return a.ReviewOpen(cmd.Context(), o.target(args), template, o.reason, received)
			}, func(v *agency.ReviewView) error {
				return printReviews(cmd, g, []agency.ReviewView{*v})
			})
		},
	}
	o.add(cmd)
	cmd.Flags().StringVar(&received, "received", "", "the `DATE` the request was received (YYYY-MM-DD; default today)")
	cmd.Flags().StringVar(&template, "template", "", "face template (`FILE`.yaml) whose type code --number is of")
	return cmd
}

func newReviewCloseCmd(g *globals) *cobra.Command {
	var outcome string
	cmd := &cobra.Command{
		Use:   "close REVIEW --outcome TEXT",
		Short: "Record the answer to a review request (its number, as ezz review list shows it)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef("复核申请编号 %q 不是正整数", "review number %q is not a positive number", args[0])
			}
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) (*agency.ReviewView, error) {
				return a.ReviewClose(cmd.Context(), id, outcome)
			}, func(v *agency.ReviewView) error {
				return printReviews(cmd, g, []agency.ReviewView{*v})
			})
		},
	}
	cmd.Flags().StringVar(&outcome, "outcome", "", "what was found and done (required)")
	requireFlags(cmd, "outcome")
	return cmd
}

func newReviewListCmd(g *globals) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the open review requests by deadline (--all: the closed ones too)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return agencyCmd(cmd, g, workspaceOnly(), func(a *agency.Agency) ([]agency.ReviewView, error) {
				return a.ReviewList(cmd.Context(), all)
			}, func(vs []agency.ReviewView) error {
				return printReviews(cmd, g, vs)
			})
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "list closed requests too")
	return cmd
}

// printReviews prints review requests.
func printReviews(cmd *cobra.Command, g *globals, vs []agency.ReviewView) error {
	out := cmd.OutOrStdout()
	for _, v := range vs {
		due := deadlineDay(v.Deadline)
		state := msg(g.lang, "办理中", "open")
		switch {
		case !v.Open:
			state = msg(g.lang, "已办结：", "closed: ") + v.Outcome
		case v.Overdue:
			state = msg(g.lang, "已逾期", "OVERDUE")
		}
		fmt.Fprintf(out, msg(g.lang, "复核 %d  %s  %s 前答复（%s）  %s  %s\n", "review %d  %s  answer by the end of %s (%s)  %s  %s\n"),
			v.ID, v.Identifier, due, v.Rule, state, v.Reason)
		printProvisional(cmd, g, v.Provisional)
	}
	return nil
}
