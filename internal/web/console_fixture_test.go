package web

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"ezz/internal/agency"
	"ezz/internal/env"
)

const templatesDir = "../../templates"

// agencyOf opens the fixture's workspace through the agency layer, as
// `ezz serve` does, with the clock at checkAt.
func (f *fixture) agencyOf(t testing.TB) *agency.Agency {
	t.Helper()
	t.Setenv(env.KeyPassphrase.Name, "pilot-passphrase")
	a, err := agency.Open(agency.Options{Home: f.dir, Lang: "zh", Now: func() time.Time { return checkAt }})
	must(t, err)
	t.Cleanup(func() { a.Close() })
	_, err = a.Issuer()
	must(t, err)
	return a
}

// console serves the console of the fixture's workspace on 127.0.0.1, with
// the scan page, all through the agency layer.
func (f *fixture) console(t testing.TB) (*Console, *httptest.Server) {
	t.Helper()
	a := f.agencyOf(t)
	ctx, cancel := context.WithCancel(context.Background())
	scan, err := NewAgencyScan(a, DefaultLimit)
	must(t, err)
	b := AgencyBackend{Agency: a, TemplateDir: templatesDir}
	c := NewConsole(ctx, ConsoleOptions{Backend: b, Certificates: b, Scan: scan,
		Uploads: t.TempDir(), Now: a.Now})
	srv := httptest.NewServer(c)
	t.Cleanup(func() { srv.Close(); cancel(); c.Wait() })
	return c, srv
}
