package agency

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"ezz/internal/web"
)

// ServeOptions configure `ezz serve` (docs/web.md).
type ServeOptions struct {
	Listen      string // host:port; a loopback address unless AllowRemote
	AllowRemote bool   // listen on another address, with TLS only
	CertFile    string // TLS certificate chain (PEM)
	KeyFile     string // TLS private key (PEM)
	Templates   string // the directory of face templates on offer
	// Push is where the outbox page's push button sends: its To or Profile,
	// else the workspace's repository_url, as for ezz push.
	Push PushOptions
	// Ready is told the one-time login link once the console is up.
	Ready func(loginURL string)
}

// ServeListen opens the listener of ezz serve, refusing a non-loopback
// address unless AllowRemote, and then only with TLS. Call it before Open:
// a wrong address is refused before any passphrase is asked.
func ServeListen(o ServeOptions) (net.Listener, error) {
	return web.Listen(web.ListenOptions{Addr: o.Listen, AllowRemote: o.AllowRemote, CertFile: o.CertFile, KeyFile: o.KeyFile})
}

// Console is the clerk's console of the workspace with the scan page beside
// it, every action through the agency's use cases; ctx bounds the
// conversions it starts. It unlocks the issuing key first.
func (a *Agency) Console(ctx context.Context, o ServeOptions) (*web.Console, error) {
	ts, err := a.ServeTemplates(o.Templates)
	if err != nil {
		return nil, err
	}
	if _, err := a.Issuer(); err != nil { // unlock once, before any request
		return nil, err
	}
	scan, err := a.Scan(web.DefaultLimit)
	if err != nil {
		return nil, err
	}
	c := &console{a: a, templates: ts, push: o.Push}
	if c.push.Timeout == 0 {
		c.push.Timeout = 30 * time.Second
	}
	if c.push.Attempts == 0 {
		c.push.Attempts = 3 // a clerk waits for the page: fewer tries than ezz push's 10
	}
	return web.NewConsole(ctx, web.ConsoleOptions{Backend: c, Outbox: c, Certificates: c, Scan: scan,
		Uploads: filepath.Join(a.Home, "uploads"), Now: a.Now, AnyHost: o.AllowRemote}), nil
}

// Scan is the scan page of the workspace: its trusted issuers, its ledger's
// status, its access log.
func (a *Agency) Scan(limit web.Limit) (*web.Scan, error) {
	trust, status, err := a.ScanSource()
	if err != nil {
		return nil, err
	}
	return web.NewScan(web.ScanOptions{Verifier: web.Checker{Trust: trust, Status: status, Now: a.Now},
		Log: a.Ledger, Station: a.Station, Limit: limit, Now: a.Now}), nil
}

// Serve serves the console and the scan page on l until ctx ends; the
// conversions under way then stop at the next row, resumable.
func (a *Agency) Serve(ctx context.Context, l net.Listener, o ServeOptions) error {
	c, err := a.Console(ctx, o)
	if err != nil {
		return err
	}
	scheme := "http"
	if o.CertFile != "" {
		scheme = "https"
	}
	if o.Ready != nil {
		o.Ready(scheme + "://" + l.Addr().String() + c.LoginPath())
	}
	srv := &http.Server{Handler: c, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
			return
		}
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	err = srv.Serve(l)
	c.Wait()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
