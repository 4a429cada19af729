package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"ezz/internal/agency"
)

type pushFlags struct {
	o    agency.PushOptions
	pass passphraseOptions
	repo repositoryOptions
}

func newPushCmd(g *globals) *cobra.Command {
	f := &pushFlags{}
	cmd := &cobra.Command{
		Use:   "push [--to URL | --profile FILE]",
		Short: "Send the outbox to the repository, earliest deadline first (exit 1 when anything was rejected or is overdue)",
		Long: `Send the outbox — issued certificates and lifecycle changes — to the provincial
repository, earliest deadline first, in signed batches (docs/push-protocol.md).
Failed requests are retried with backoff; an interrupted push resumes where it
stopped. Each item is marked pushed with the repository's receipt; rejected
items stay in the outbox with the reason until a clerk fixes them and runs
ezz push --retry-rejected. The repository is --to, else --profile, else the
workspace's repository_url.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runPush(cmd, g, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.o.To, "to", "", "the repository's base `URL` (the ezz protocol)")
	fl.StringVar(&f.o.Profile, "profile", "", "push through a province's interface described by the profile `FILE` (or a built-in name)")
	f.pass.add(fl)
	fl.IntVar(&f.o.BatchSize, "batch", 0, "items per request (default 50, or the profile's)")
	fl.IntVar(&f.o.Max, "max", 0, "stop after `N` items (default: the whole outbox)")
	fl.DurationVar(&f.o.Timeout, "timeout", 30*time.Second, "give up on one request after this long (it is retried)")
	fl.IntVar(&f.o.Attempts, "attempts", 10, "try each request at most `N` times (backoff with jitter between)")
	fl.BoolVar(&f.o.RetryRejected, "retry-rejected", false, "send the entries the repository rejected again")
	f.repo.add(fl)
	exclusiveFlags(cmd, "to", "profile")
	cmd.AddCommand(newPushProfileCmd(g))
	return cmd
}

func runPush(cmd *cobra.Command, g *globals, f *pushFlags) error {
	return agencyCmd(cmd, g, with(workspaceOnly(), &f.pass), func(a *agency.Agency) (pushed, error) {
		step, done := progress(cmd, g)
		f.o.Progress, f.o.Receiver, f.o.TLS = step, f.repo.receiver, f.repo.tls
		rep, err := a.Push(cmd.Context(), f.o)
		done()
		return pushed{rep}, err
	}, func(p pushed) error { return writePush(cmd.OutOrStdout(), g, p.PushReport) })
}

// pushed is push's report (agency.PushReport's JSON); anything rejected or
// overdue makes it exit 1.
type pushed struct{ *agency.PushReport }

func (p pushed) Err() error {
	if p.Bad() {
		return exitStatus{code: ExitFindings}
	}
	return nil
}

func writePush(w io.Writer, g *globals, r *agency.PushReport) error {
	l := g.lang
	fmt.Fprintf(w, msg(l, "推送至 %s：新接收 %d，此前已接收 %d，被拒绝 %d\n", "pushed to %s: %d accepted, %d already there, %d rejected\n"),
		r.Target, r.Pushed, r.Duplicate, r.Rejected)
	for _, d := range r.Deadlines {
		day := msg(l, "无期限", "no deadline")
		if d.Deadline != "" {
			day = deadlineDay(d.Deadline)
		}
		fmt.Fprintf(w, msg(l, "  期限 %s：%d 项，按时 %d，逾期 %d\n", "  deadline %s: %d items, %d in time, %d late\n"), day, d.Items, d.Met, d.Late)
	}
	for _, x := range r.StillRejected {
		fmt.Fprintf(w, msg(l, "  被拒绝 %s（%s）：%s %s\n", "  rejected %s (%s): %s %s\n"), x.Identifier, x.Kind, x.Code, x.Reason)
	}
	fmt.Fprintf(w, msg(l, "待推送 %d 项，其中逾期 %d 项\n", "%d still waiting, %d of them overdue\n"), r.Waiting, r.Overdue)
	return nil
}

// deadlineDay is the last working day a deadline (RFC 3339) ends, in
// Asia/Shanghai: the deadline is the midnight that ends it.
func deadlineDay(deadline string) string {
	t, err := time.Parse(time.RFC3339, deadline)
	if err != nil {
		return deadline
	}
	return t.In(agency.Shanghai).Add(-time.Minute).Format("2006-01-02")
}

// writerIsTerminal reports whether w is a terminal (progress goes only there).
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
