package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/web"
)

type serveOptions struct {
	listen    web.ListenOptions
	templates string
	pass      passphraseOptions
}

func newServeCmd(g *globals) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--listen 127.0.0.1:8765] [--templates DIR]",
		Short: "Serve the clerk's console and the scan-to-verify page (loopback only, one-time login link)",
		Long: `Serve the clerk's console — upload a register, check its column mapping, convert it
with live progress, download the rejects workbook, the batch manifest and the PDFs —
and the scan-to-verify page GET /v/TOKEN that QR codes made with qr_url_prefix open
(docs/web.md). Everything goes through the same use cases as the commands, with the
same ledger events.

The console listens on a loopback address only, unless --allow-remote is given with
--tls-cert and --tls-key. A one-time login link is printed at start. The issuing key
is unlocked once, at start. Stop with Ctrl-C.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, g, o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.listen.Addr, "listen", "127.0.0.1:8765", "listen on `HOST:PORT` (a loopback address unless --allow-remote)")
	fs.BoolVar(&o.listen.AllowRemote, "allow-remote", false, "allow a non-loopback --listen address (requires --tls-cert and --tls-key)")
	fs.StringVar(&o.listen.CertFile, "tls-cert", "", "serve HTTPS with the certificate chain in `CERT.pem`")
	fs.StringVar(&o.listen.KeyFile, "tls-key", "", "the TLS private key in `KEY.pem`")
	fs.StringVar(&o.templates, "templates", "templates", "offer the face templates under `DIR` (DIR/*/template.yaml)")
	o.pass.add(fs)
	return cmd
}

func runServe(cmd *cobra.Command, g *globals, o *serveOptions) error {
	l, err := web.Listen(o.listen) // refuse a wrong address before asking for a passphrase
	if err != nil {
		return err
	}
	defer l.Close()
	a, err := open(cmd, g, agency.Options{PassphraseFile: o.pass.file})
	if err != nil {
		return err
	}
	defer a.Close()
	backend := web.AgencyBackend{Agency: a, TemplateDir: o.templates}
	if _, err := backend.Templates(); err != nil {
		return err
	}
	if _, err := a.Issuer(); err != nil { // unlock once, before any request
		return err
	}
	scan, err := web.NewAgencyScan(a, web.DefaultLimit)
	if err != nil {
		return err
	}
	ctx := cmd.Context() // ends on Ctrl-C or SIGTERM (cmd/ezz)
	console := web.NewConsole(ctx, web.ConsoleOptions{Backend: backend, Certificates: backend, Scan: scan,
		Uploads: filepath.Join(a.Home, "uploads"), Now: a.Now, AnyHost: o.listen.AllowRemote})
	scheme := "http"
	if o.listen.CertFile != "" {
		scheme = "https"
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s\n%s://%s%s\n", msg(g.lang, "打开此一次性登录链接：", "open this one-time login link:"),
		scheme, l.Addr(), console.LoginPath())
	srv := &http.Server{Handler: console, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	err = srv.Serve(l)
	console.Wait()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
