package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X ezz/internal/cli.version=…".
var version = ""

func newVersionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of ezz",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return reportCmd(cmd, g, func() (versionReport, error) {
				return versionReport{buildVersion()}, nil
			}, func(v versionReport) error {
				_, err := fmt.Fprintf(cmd.OutOrStdout(), "ezz %s\n", v.Version)
				return err
			})
		},
	}
}

// versionReport is ezz version's --json report.
type versionReport struct {
	Version string `json:"version"`
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
