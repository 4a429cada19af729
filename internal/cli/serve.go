package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

type serveOptions struct {
	o    agency.ServeOptions
	pass passphraseOptions
}

func newServeCmd(g *globals) *cobra.Command {
	s := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--listen 127.0.0.1:8765] [--templates DIR]",
		Short: "Serve the clerk's console and the scan-to-verify page (loopback only, one-time login link)",
		Long: `Serve the clerk's console — upload a register, check its column mapping, convert it
with live progress, download the rejects workbook, the batch manifest and the PDFs;
see the outbox and push it; find a certificate and change its state — and the
scan-to-verify page GET /v/TOKEN that QR codes made with qr_url_prefix open
(docs/web.md). Everything goes through the same use cases as the commands, with the
same ledger events.

The console listens on a loopback address only, unless --allow-remote is given with
--tls-cert and --tls-key. A one-time login link is printed at start. The issuing key
is unlocked once, at start. The push button sends to --to, else --profile, else the
workspace's repository_url, as ezz push does. Stop with Ctrl-C.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, g, s) },
	}
	fs := cmd.Flags()
	fs.StringVar(&s.o.Listen, "listen", "127.0.0.1:8765", "listen on `HOST:PORT` (a loopback address unless --allow-remote)")
	fs.BoolVar(&s.o.AllowRemote, "allow-remote", false, "allow a non-loopback --listen address (requires --tls-cert and --tls-key)")
	fs.StringVar(&s.o.CertFile, "tls-cert", "", "serve HTTPS with the certificate chain in `CERT.pem`")
	fs.StringVar(&s.o.KeyFile, "tls-key", "", "the TLS private key in `KEY.pem`")
	fs.StringVar(&s.o.Templates, "templates", "templates", "offer the face templates under `DIR` (DIR/*/template.yaml)")
	fs.StringVar(&s.o.Push.To, "to", "", "the push button sends to the repository at `URL` (the ezz protocol)")
	fs.StringVar(&s.o.Push.Profile, "profile", "", "the push button sends through the province's interface described by the profile `FILE` (or a built-in name)")
	exclusiveFlags(cmd, "to", "profile")
	s.pass.add(fs)
	return cmd
}

func runServe(cmd *cobra.Command, g *globals, s *serveOptions) error {
	l, err := agency.ServeListen(s.o) // refuse a wrong address before asking for a passphrase
	if err != nil {
		return err
	}
	defer l.Close()
	a, err := open(cmd, g, with(workspaceOnly(), &s.pass))
	if err != nil {
		return err
	}
	defer a.Close()
	o := s.o
	o.Ready = func(url string) {
		fmt.Fprintf(cmd.OutOrStdout(), "%s\n%s\n", msg(g.lang, "打开此一次性登录链接：", "open this one-time login link:"), url)
	}
	return a.Serve(cmd.Context(), l, o) // until Ctrl-C or SIGTERM (cmd/ezz)
}
