package cli

import (
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"ezz/internal/agency"
	"ezz/internal/env"
)

// Option groups: a flag that means one thing is declared once, here, with one
// name, type and help text, and attached to the commands that need it.

// An optionGroup says what its flags mean for how the agency is opened.
type optionGroup interface{ apply(*agency.Options) }

// with is o with what each option group's flags say: the one place the
// passphrase and trust flags reach the agency.
func with(o agency.Options, groups ...optionGroup) agency.Options {
	for _, g := range groups {
		g.apply(&o)
	}
	return o
}

// trustOptions is --trust: issuer certificates to trust instead of the
// workspace's. It takes a comma-separated list and repeats.
type trustOptions struct{ files trustFiles }

func (o *trustOptions) add(fs *pflag.FlagSet) {
	fs.Var(&o.files, "trust", "trust the issuer certificates in `CERT.pem` (comma-separated, repeatable; CODE=CERT.pem also binds its signer to issuer code CODE; default: the workspace's)")
}

func (o *trustOptions) apply(a *agency.Options) { a.Trust = o.files }

// passphraseOptions is --passphrase-file for the issuing key.
type passphraseOptions struct{ file string }

func (o *passphraseOptions) add(fs *pflag.FlagSet) {
	fs.StringVar(&o.file, "passphrase-file", "", "read the issuing key's passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
}

func (o *passphraseOptions) apply(a *agency.Options) { a.PassphraseFile = o.file }

// atOptions is --at: check as of another time.
type atOptions struct{ at timeValue }

func (o *atOptions) add(fs *pflag.FlagSet) {
	fs.Var(&o.at, "at", "check as of `TIME` (RFC 3339, or YYYY-MM-DD for midnight in Asia/Shanghai) instead of now")
}

// or is --at, or now when it was not given.
func (o *atOptions) or(now time.Time) time.Time {
	if o.at.t.IsZero() {
		return now
	}
	return o.at.t
}

// timeValue is a flag that holds a time: RFC 3339, or YYYY-MM-DD for
// midnight in Asia/Shanghai (--at, --since, --from, --to, --before). A bad
// value is a usage error when the flags are parsed.
type timeValue struct {
	s string
	t time.Time
}

func (v *timeValue) String() string { return v.s }
func (v *timeValue) Type() string   { return "time" }

func (v *timeValue) Set(s string) error {
	t, err := parseTime(s)
	if err != nil {
		return err
	}
	v.s, v.t = s, t
	return nil
}

// parseTime reads a time flag: RFC 3339, or a date meaning midnight in Asia/Shanghai.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, agency.Shanghai); err == nil {
		return t, nil
	}
	return time.Time{}, usagef("请使用 RFC 3339 时间（如 2025-06-01T08:00:00+08:00）或 YYYY-MM-DD 日期",
		"use RFC 3339 (2025-06-01T08:00:00+08:00) or YYYY-MM-DD")
}

// repositoryOptions are how a command reaches the repository: --receiver
// (whose signature every answer and receipt must carry) and, over https,
// --ca, --client-cert and --client-key.
type repositoryOptions struct {
	receiver string
	tls      agency.ClientTLS
}

// repositoryReceiverHelp is --receiver's one help text (bundle receipt takes
// --receiver alone: a bundle's receipts come with no TLS).
const repositoryReceiverHelp = "require every answer and receipt to be signed by the repository's receiver certificate `CERT.pem`"

func (o *repositoryOptions) add(fs *pflag.FlagSet) {
	fs.StringVar(&o.receiver, "receiver", "", repositoryReceiverHelp)
	fs.StringVar(&o.tls.CA, "ca", "", "trust only the CA certificates in `FILE` for an https repository (instead of the system's)")
	fs.StringVar(&o.tls.Cert, "client-cert", "", "present the TLS client certificate `FILE` (PEM) to the repository")
	fs.StringVar(&o.tls.Key, "client-key", "", "the private key `FILE` (PEM) of --client-cert")
}

// outOptions is -o/--out: the directory written to.
type outOptions struct{ dir string }

func (o *outOptions) add(fs *pflag.FlagSet, def, help string) {
	fs.StringVarP(&o.dir, "out", "o", def, help)
	alias(fs, "output", "out")
}

// qrValidityOptions is --qr-validity.
type qrValidityOptions struct{ validity string }

func (o *qrValidityOptions) add(fs *pflag.FlagSet) {
	fs.StringVar(&o.validity, "qr-validity", "", "QR code validity `DURATION`, e.g. 30d, 6m, 1y or 24h (default: the template's qr_validity)")
	alias(fs, "validity", "qr-validity")
}

// fontOptions is --font-dir.
type fontOptions struct{ dirs []string }

func (o *fontOptions) add(fs *pflag.FlagSet) {
	fs.StringArrayVar(&o.dirs, "font-dir", nil, "also look for fonts in `DIR` (after the template's directory, before the system font directories; repeatable)")
}

// alias makes old a hidden spelling of the flag name, kept for scripts
// written against it.
func alias(fs *pflag.FlagSet, old, name string) {
	f := fs.Lookup(name)
	fs.Var(f.Value, old, f.Usage)
	_ = fs.MarkHidden(old)
}

// Which workspace a command opens, given to agencyCmd (with the option groups, see with).

// workspaceOnly opens the workspace and its ledger; there must be one.
func workspaceOnly() agency.Options { return agency.Options{} }

// ifWorkspace opens the workspace and its ledger when there is one (verify
// with --trust needs none).
func ifWorkspace() agency.Options { return agency.Options{Optional: true} }

// optionalWorkspace opens the workspace when there is one, without its
// ledger (calendar: the built-in table otherwise; keys show).
func optionalWorkspace() agency.Options { return agency.Options{Optional: true, NoLedger: true} }

// open opens the agency for cmd with the global flags and the option groups given.
func open(cmd *cobra.Command, g *globals, o agency.Options) (*agency.Agency, error) {
	o.Home, o.Lang, o.Now = g.home, g.lang, now
	o.In, o.Prompt = cmd.InOrStdin(), cmd.ErrOrStderr()
	return agency.Open(o)
}

// trustFiles is the value of every --trust: files, comma-separated or
// repeated. It splits on commas alone (no CSV quoting, so a quote is part of
// a name), and refuses an empty name: --trust "$UNSET" must not quietly fall
// back to the workspace's issuers.
type trustFiles []string

func (v *trustFiles) String() string { return strings.Join(*v, ",") }
func (v *trustFiles) Type() string   { return "files" }

func (v *trustFiles) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p == "" {
			return usagef("证书文件名为空（用逗号分隔多个文件，或重复该选项；文件名中不能有逗号）",
				"an empty file name (separate files with commas, or repeat the flag; a name cannot hold a comma)")
		}
		*v = append(*v, p)
	}
	return nil
}
