package cli

import (
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/env"
	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

// operatorFlag is --operator: who the events of this run name, instead of the OS user.
type operatorFlag struct{ name string }

func (o *operatorFlag) String() string { return o.name }
func (o *operatorFlag) Type() string   { return "NAME" }
func (o *operatorFlag) Set(s string) error {
	o.name = s
	workspace.SetOperator(s)
	return nil
}

// addOperatorFlag adds --operator to the root command.
func addOperatorFlag(root *cobra.Command) {
	workspace.SetOperator("")
	root.PersistentFlags().Var(&operatorFlag{}, "operator", "who is working, as the ledger and the audit log record it (default: the OS user)")
}

// textError turns an error carrying bilingual text into the command tree's
// error with its exit code (until the agency layer renders them itself).
func textError(err error) error {
	if err == nil {
		return nil
	}
	e := Localized(err, text.Of(err).In("zh"))
	if h := text.HintOf(err); !h.IsZero() {
		e = HintedZh(e, h.En, h.Zh)
	}
	if text.ClassOf(err) == text.Bad {
		return findings(e)
	}
	return usageError(e)
}

// auditEnv is an open workspace with its ledger, for the audit commands.
type auditEnv struct {
	ws  *workspace.Workspace
	led *ledger.Ledger
}

func openAudit(g *globals) (*auditEnv, error) {
	ws, err := workspace.Open(workspace.Home(g.home))
	if err != nil {
		return nil, workspaceError(err)
	}
	led, err := ws.OpenLedger()
	if err != nil {
		return nil, usageError(err)
	}
	return &auditEnv{ws: ws, led: led}, nil
}

func (e *auditEnv) close() { e.led.Close() }

// trust is the workspace's issuer certificates, retired ones included: the
// keys tree heads were signed with.
func (e *auditEnv) trust() (*sign.Trust, error) {
	t, err := sign.LoadWorkspaceTrust(e.ws.KeysDir())
	if err != nil {
		return nil, keysError(err)
	}
	return t, nil
}

// unlock reads the passphrase as issuing does and unlocks the issuing key.
func (e *auditEnv) unlock(cmd *cobra.Command, passFile string) (*sign.Issuer, error) {
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: passFile, Env: env.KeyPassphrase,
		Prompt: "passphrase for the issuing key: ", In: cmd.InOrStdin(), Out: cmd.ErrOrStderr()})
	if err != nil {
		return nil, passphraseError(err, env.KeyPassphrase.Name)
	}
	key, err := sign.LoadIssuer(e.ws.KeysDir(), pass, now())
	if err != nil {
		return nil, keysError(err)
	}
	return key, nil
}

// headClock is the clock tree heads are dated by.
func headClock() func() time.Time { return now }

// passFlag adds --passphrase-file, as issue and convert have it.
func passFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "passphrase-file", "", "read the issuing key passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
}
