package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// operatorFlag is --operator: who the events of this run name, instead of the OS user.
type operatorFlag struct{ name string }

func (o *operatorFlag) String() string { return o.name }
func (o *operatorFlag) Type() string   { return "NAME" }
func (o *operatorFlag) Set(s string) error {
	o.name = s
	agency.SetOperator(s)
	return nil
}

// addOperatorFlag adds --operator to the root command.
func addOperatorFlag(root *cobra.Command) {
	agency.SetOperator("")
	root.PersistentFlags().Var(&operatorFlag{}, "operator", "who is working, as the ledger and the audit log record it (default: the OS user)")
}
