package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"ezz/internal/env"
	"ezz/internal/ledger"
	"ezz/internal/push"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

type pushFlags struct {
	to, profile, passFile string
	batch, max, attempts  int
	timeout               time.Duration
	retryRejected         bool
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
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runPush(cmd, g, f, now()) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "the repository's base `URL` (the ezz protocol)")
	fl.StringVar(&f.profile, "profile", "", "push through a province's interface described by the profile `FILE`")
	fl.StringVar(&f.passFile, "passphrase-file", "", "read the issuing key passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
	fl.IntVar(&f.batch, "batch", 0, "items per request (default 50, or the profile's)")
	fl.IntVar(&f.max, "max", 0, "stop after `N` items (default: the whole outbox)")
	fl.DurationVar(&f.timeout, "timeout", 30*time.Second, "give up on one request after this long (it is retried)")
	fl.IntVar(&f.attempts, "attempts", push.DefaultRetry.Attempts, "try each request at most `N` times (backoff with jitter between)")
	fl.BoolVar(&f.retryRejected, "retry-rejected", false, "send the entries the repository rejected again")
	cmd.MarkFlagsMutuallyExclusive("to", "profile")
	cmd.AddCommand(newPushProfileCmd(g))
	return cmd
}

func runPush(cmd *cobra.Command, g *globals, f *pushFlags, at time.Time) error {
	ws, err := workspace.Open(workspace.Home(g.home))
	if err != nil {
		return workspaceError(err)
	}
	req := push.Request{WS: ws, To: f.to, BatchSize: f.batch, Timeout: f.timeout, Max: f.max, RetryRejected: f.retryRejected,
		Retry: retryWith(f.attempts), Actor: workspace.Actor(), Now: now}
	if f.profile != "" {
		if req.Profile, err = push.LoadProfile(f.profile); err != nil {
			return usageError(err)
		}
	} else if req.To == "" {
		req.To = ws.Config.RepositoryURL
	}
	if req.Key, err = unlockKey(cmd, ws, f.passFile, at); err != nil {
		return err
	}
	if req.Ledger, err = ws.OpenLedger(); err != nil {
		return usageError(err)
	}
	defer req.Ledger.Close()
	req.Ledger.SetHeadSigner(req.Key.Key, now)
	if writerIsTerminal(cmd.ErrOrStderr()) && !g.json {
		req.Progress = func(done int) { fmt.Fprintf(cmd.ErrOrStderr(), "\rezz: %d …", done) }
	}
	rep, err := push.PushWorkspace(cmd.Context(), req)
	if req.Progress != nil {
		fmt.Fprintln(cmd.ErrOrStderr())
	}
	if rep != nil {
		if werr := writePush(cmd.OutOrStdout(), g, rep); werr != nil {
			return werr
		}
	}
	if err != nil {
		return usageError(text.Wrap(err, "推送中断", "push stopped").
			WithHint("重新运行 ezz push 会从中断处继续", "run ezz push again: it resumes where it stopped"))
	}
	if rep.Bad() {
		return exitStatus{code: ExitFindings}
	}
	return nil
}

func retryWith(attempts int) push.Retry {
	r := push.DefaultRetry
	r.Attempts = max(attempts, 1)
	return r
}

// unlockKey reads the passphrase and unlocks the workspace's issuing key.
func unlockKey(cmd *cobra.Command, ws *workspace.Workspace, passFile string, at time.Time) (*sign.Issuer, error) {
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: passFile, Env: env.KeyPassphrase,
		Prompt: "passphrase for the issuing key: ", In: cmd.InOrStdin(), Out: cmd.ErrOrStderr()})
	if err != nil {
		return nil, passphraseError(err, env.KeyPassphrase.Name)
	}
	key, err := sign.LoadIssuer(ws.KeysDir(), pass, at)
	if err != nil {
		return nil, keysError(err)
	}
	return key, nil
}

func writePush(w io.Writer, g *globals, r *push.Report) error {
	if g.json {
		return writeJSON(w, r)
	}
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

// deadlineDay is the last working day a deadline (RFC 3339) ends, in Asia/Shanghai.
func deadlineDay(deadline string) string {
	t, err := time.Parse(time.RFC3339, deadline)
	if err != nil {
		return deadline
	}
	return t.In(shanghai()).Add(-time.Minute).Format("2006-01-02")
}

// writerIsTerminal reports whether w is a terminal (progress goes only there).
func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// pushStamp is who records a change from this command, and when.
func pushStamp(ws *workspace.Workspace, at time.Time) ledger.Stamp {
	return ledger.Stamp{Actor: workspace.Actor(), Station: ws.Config.Station, At: at}
}
