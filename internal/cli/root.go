// Package cli is the ezz command tree: one file per command, each parsing flags
// and handing the work to a domain package.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // deadlines and dates are computed in Asia/Shanghai on any machine

	"github.com/spf13/cobra"
)

// Exit codes, the same for every command.
const (
	ExitOK       = 0 // done; the thing checked is good
	ExitFindings = 1 // the thing checked is bad: lint findings, rejected rows, invalid certificate
	ExitUsage    = 2 // usage or environment error: bad flags, unreadable file, missing key
)

// globals are the flags every command shares.
type globals struct {
	lang string // "zh" or "en"
	json bool
	home string
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
	return report(stderr, err, reportLang(g.lang, args))
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
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if g.lang != "zh" && g.lang != "en" {
			return usageError(Localizedf(fmt.Errorf("--lang %q: use zh or en", g.lang), "--lang %q：请使用 zh（中文）或 en（英文）", g.lang))
		}
		return nil
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(
		newVersionCmd(),
		newCatalogueCmd(g),
		newKeysCmd(g),
		newInitCmd(g),
		newIdentCmd(g),
		newIssueCmd(g),
		newConvertCmd(g),
		newQRCmd(g),
		newVerifyCmd(g),
		newPushCmd(g),
		newBundleCmd(g),
		newRepositoryCmd(g),
		newStatusListCmd(g),
	)
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

// exitError carries an exit code other than the default for errors.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as a usage or environment error (exit 2).
func usageError(err error) error { return &exitError{code: ExitUsage, err: err} }

// findings marks err as "the thing checked is bad" (exit 1).
func findings(err error) error { return &exitError{code: ExitFindings, err: err} }

// errSilent is returned by commands that already printed their report and only need an exit code.
type errSilent struct{ code int }

func (e errSilent) Error() string { return fmt.Sprintf("exit %d", e.code) }

// report prints err in ezz's one voice, in lang, and returns the exit code.
// An error with a Hint() method gets a hint line. Under zh, an error with a
// Chinese() method (see Localized) is printed in Chinese, and so is a hint
// with ChineseHint().
func report(stderr io.Writer, err error, lang string) int {
	var s errSilent
	if errors.As(err, &s) {
		return s.code
	}
	code := ExitUsage
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	text, hint := err.Error(), ""
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		hint = h.Hint()
	}
	if lang == "zh" {
		text, hint = zhText(err), zhHint(err)
	}
	fmt.Fprintf(stderr, "ezz: error: %s\n", text)
	if hint != "" {
		fmt.Fprintf(stderr, "ezz: hint: %s\n", hint)
	}
	return code
}

// Hinted wraps err with a hint telling the user what to do next.
func Hinted(err error, hint string) error { return &hinted{err: err, hint: hint} }

type hinted struct {
	err  error
	hint string
	zh   string // the hint in Chinese, if any
}

func (h *hinted) Error() string       { return h.err.Error() }
func (h *hinted) Unwrap() error       { return h.err }
func (h *hinted) Hint() string        { return h.hint }
func (h *hinted) ChineseHint() string { return h.zh }
