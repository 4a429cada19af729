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

// trustOptions is --trust: issuer certificates to trust instead of the
// workspace's. It takes a comma-separated list and repeats.
type trustOptions struct{ files []string }

func (o *trustOptions) add(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.files, "trust", nil, "trust the issuer certificates in `CERT.pem` (comma-separated, repeatable; default: the workspace's)")
}

// passphraseOptions is --passphrase-file for the issuing key.
type passphraseOptions struct{ file string }

func (o *passphraseOptions) add(fs *pflag.FlagSet) {
	fs.StringVar(&o.file, "passphrase-file", "", "read the issuing key's passphrase from `FILE` (else $"+env.KeyPassphrase.Name+", else a prompt)")
}

// atOptions is --at: check as of another time.
type atOptions struct{ at string }

func (o *atOptions) add(fs *pflag.FlagSet) {
	fs.StringVar(&o.at, "at", "", "check as of `TIME` (RFC 3339, or YYYY-MM-DD for midnight in Asia/Shanghai) instead of now")
}

// time is --at parsed, or now.
func (o *atOptions) time(now time.Time) (time.Time, error) { return parseAt(o.at, now) }

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

// open opens the agency for cmd with the global flags and the option groups given.
func open(cmd *cobra.Command, g *globals, o agency.Options) (*agency.Agency, error) {
	o.Home, o.Lang, o.Now = g.home, g.lang, now
	o.In, o.Prompt = cmd.InOrStdin(), cmd.ErrOrStderr()
	return agency.Open(o)
}

// trustList flattens repeated and comma-separated --trust values.
func trustList(files []string) []string {
	var out []string
	for _, f := range files {
		for _, p := range strings.Split(f, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
