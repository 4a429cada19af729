package cli

import (
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// addStatusFlags adds --online and --status-list: where ezz verify reads a
// certificate's status instead of the workspace's ledger.
func addStatusFlags(cmd *cobra.Command, s *agency.StatusFrom) {
	fl := cmd.Flags()
	fl.StringVar(&s.Online, "online", "", "ask the repository at `URL` for the current status")
	fl.StringVar(&s.List, "status-list", "", "read the status from the signed status list `FILE` (stale past its next_update)")
	fl.DurationVar(&s.Timeout, "online-timeout", 10*time.Second, "give up on --online after this long (the status is then not checked)")
	exclusiveFlags(cmd, "online", "status-list")
}
