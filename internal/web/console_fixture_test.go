package web

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"ezz/internal/conversion"
)

// convertBackend converts through the real conversion pipeline, with the
// fixture's maker and ledger (until the console is wired to the agency
// layer in its own tests).
type convertBackend struct {
	f   *fixture
	now time.Time
}

func (b convertBackend) Templates() ([]TemplateChoice, error) {
	return []TemplateChoice{{Path: templatePath, Name: b.f.tmpl.Catalogue.Name}}, nil
}

func (b convertBackend) Convert(ctx context.Context, r ConvertRequest) (*conversion.Summary, error) {
	out := r.OutDir
	if out == "" {
		out = b.f.ws.OutDir()
	}
	return conversion.Run(ctx, conversion.Options{Register: r.Register, OutDir: out, DryRun: r.DryRun,
		Template: b.f.tmpl, Hash: b.f.hash, Maker: b.f.maker, Ledger: b.f.led, Actor: "test",
		Now: func() time.Time { return b.now }, Progress: r.Progress})
}

// console serves a console on 127.0.0.1 over the fixture, with the scan page.
func (f *fixture) console(t testing.TB, b Backend) (*Console, *httptest.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	scan := NewScan(ScanOptions{Verifier: f.checker(checkAt), Log: f.led, Station: "HQ", Now: func() time.Time { return checkAt }})
	c := NewConsole(ctx, ConsoleOptions{Backend: b, Scan: scan, Uploads: t.TempDir(), Now: func() time.Time { return checkAt }})
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	return c, srv
}
