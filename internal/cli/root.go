// Package cli is the ezz command tree: cobra wiring, option groups and
// rendering in the user's language. Each command parses its flags, opens an
// agency.Agency and calls one of its use cases (internal/agency); it never
// reaches a domain package itself (TestImports).
package cli

import (
	"context"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // deadlines and dates are computed in Asia/Shanghai on any machine

	"github.com/spf13/cobra"
)

// globals are the flags every command shares.
type globals struct {
	lang string // "zh" or "en"
	json bool
	home string
	// wroteJSON is set once a command printed its JSON report: an error
	// after it is carried in that report, not in a second object.
	wroteJSON bool
}

// Run runs ezz with args and returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{}
	root := newRootCmd(g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	return report(stdout, stderr, err, reportLang(g.lang, args), wantJSON(g, args))
}

// wantJSON reports whether a failure gets a JSON error object: --json was
// given (as parsed, or as written when cobra stopped before parsing it) and
// the command did not print its own JSON report already.
func wantJSON(g *globals, args []string) bool {
	if g.wroteJSON {
		return false
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--json" || a == "--json=true" {
			return true
		}
	}
	return g.json
}

// reportLang is the language errors are reported in: --lang as parsed, or as
// written in args when cobra stopped before parsing it, else the default.
func reportLang(parsed string, args []string) string {
	lang := parsed
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			lang = v
		} else if a == "--lang" && i+1 < len(args) {
			lang = args[i+1]
		}
	}
	if lang != "zh" && lang != "en" {
		return defaultLang()
	}
	return lang
}

func newRootCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:           "ezz",
		Short:         "Issue, convert, push and verify electronic licences (电子证照)",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.lang, "lang", defaultLang(), "language of messages: zh or en")
	root.PersistentFlags().BoolVar(&g.json, "json", false, "print a machine-readable JSON report")
	root.PersistentFlags().StringVar(&g.home, "home", "", "agency workspace (default $EZZ_HOME, else ./ezz-home)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if g.lang != "zh" && g.lang != "en" {
			return usagef("--lang %q：请使用 zh（中文）或 en（英文）", "--lang %q: use zh or en", g.lang)
		}
		return checkFlags(cmd)
	}
	addOperatorFlag(root)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newVersionCmd(g),
		newCatalogueCmd(g),
		newKeysCmd(g),
		newInitCmd(g),
		newIdentCmd(g),
		newIssueCmd(g),
		newConvertCmd(g),
		newServeCmd(g),
		newQRCmd(g),
		newVerifyCmd(g),
		newPushCmd(g),
		newBundleCmd(g),
		newRepositoryCmd(g),
		newStatusListCmd(g),
		newAuditCmd(g),
		newArchiveCmd(g),
		newAlterCmd(g), newExtendCmd(g), newLifecycleCmd(g), newCalendarCmd(g), newOutboxCmd(g),
		newStatusCmd(g), newReviewCmd(g), newCheckCmd(g), newBackupCmd(g),
	)
	root.AddCommand(newStatusCmds(g)...)
	groupCommands(root)
	return root
}

// defaultLang reads LC_ALL, LC_MESSAGES and LANG: Chinese locales give zh, others en.
func defaultLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(s, "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "zh"
}
