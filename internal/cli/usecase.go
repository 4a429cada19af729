package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// agencyCmd is the body of a command that runs one use case: it opens the
// agency with o, runs use, and renders the result — the --json report, or
// the human text print writes. A result with an Err method (a report that
// says the thing checked is bad) gives the exit status either way.
func agencyCmd[R any](cmd *cobra.Command, g *globals, o agency.Options,
	use func(*agency.Agency) (R, error), print func(R) error) error {
	a, err := open(cmd, g, o)
	if err != nil {
		return err
	}
	defer a.Close()
	r, err := use(a)
	if err != nil {
		return err
	}
	if g.json {
		if err := g.report(cmd.OutOrStdout(), r); err != nil {
			return err
		}
		if e, ok := any(r).(interface{ Err() error }); ok {
			return e.Err()
		}
		return nil
	}
	return print(r)
}
