package cli

import (
	"os"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/push"
	"ezz/internal/text"
	"ezz/internal/verify"
)

// statusFlags choose where ezz verify reads a certificate's status: a
// repository asked online, or a signed status list (else the workspace's ledger).
type statusFlags struct {
	online, list string
	timeout      time.Duration
}

func (f *statusFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.online, "online", "", "ask the repository at `URL` for the current status")
	fl.StringVar(&f.list, "status-list", "", "read the status from the signed status list `FILE` (stale past its next_update)")
	fl.DurationVar(&f.timeout, "online-timeout", 10*time.Second, "give up on --online after this long (the status is then not checked)")
	cmd.MarkFlagsMutuallyExclusive("online", "status-list")
}

// apply sets the status source the flags name, if any.
func (f *statusFlags) apply(o *verify.Options, at time.Time) error {
	switch {
	case f.online != "":
		o.Status = push.OnlineStatus{BaseURL: f.online, Timeout: f.timeout}
	case f.list != "":
		data, err := os.ReadFile(f.list)
		if err != nil {
			return usageError(err)
		}
		if o.Trust == nil {
			return usageError(text.Errorf("--status-list 需要受信任的签发机构（--trust 或工作区）", "--status-list needs trusted issuers (--trust or a workspace)"))
		}
		l, err := push.OpenStatusList(data, o.Trust.Lookup)
		if err != nil {
			return findings(text.Wrap(err, "状态列表 %s", "status list %s", f.list))
		}
		o.Status = push.ListStatus{List: l, Name: f.list, At: at}
	}
	return nil
}
