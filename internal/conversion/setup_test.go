package conversion_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/conversion"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/render"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// clock is the fixed time the tests issue at: every certificate in the
// synthetic register that has not expired by then is issued.
var clock = time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)

const (
	pass         = "test-passphrase"
	templatePath = "../../templates/food-business/template.yaml"
)

// env is a pilot workspace with its keys, ledger and a Maker for the food
// business template.
type env struct {
	dir   string
	ws    *workspace.Workspace
	led   *ledger.Ledger
	tmpl  *catalogue.Template
	hash  string
	maker *issuance.Maker
	key   *sign.Issuer
}

// newEnv makes the workspace in dir (created if new) and opens it.
func newEnv(tb testing.TB, dir string, pdf bool) *env {
	tb.Helper()
	return newEnvWith(tb, dir, pdf, nil)
}

// newEnvWith is newEnv with the workspace settings edited by edit first.
func newEnvWith(tb testing.TB, dir string, pdf bool, edit func(*workspace.Config)) *env {
	tb.Helper()
	cfg := workspace.PilotConfig()
	cfg.Station = "TA"
	if edit != nil {
		edit(&cfg)
	}
	if _, err := workspace.Open(dir); err != nil {
		if err := workspace.Init(dir, cfg, clock); err != nil {
			tb.Fatal(err)
		}
		if _, err := sign.InitPilot(filepath.Join(dir, workspace.KeysDir), sign.Agency(cfg.Agency), []byte(pass), clock, false); err != nil {
			tb.Fatal(err)
		}
	}
	ws, err := workspace.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	key, err := sign.LoadIssuer(ws.KeysDir(), []byte(pass), clock)
	if err != nil {
		tb.Fatal(err)
	}
	e := &env{dir: dir, ws: ws, key: key}
	if e.tmpl, err = catalogue.Load(templatePath); err != nil {
		tb.Fatal(err)
	}
	if e.hash, err = catalogue.Hash(e.tmpl); err != nil {
		tb.Fatal(err)
	}
	cfgM := issuance.Config{Template: e.tmpl, Hash: e.hash, Key: key, Workspace: ws}
	if pdf {
		r, err := render.NewRenderer(e.tmpl, render.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		cfgM.Renderer = r
	}
	if e.maker, err = issuance.New(cfgM); err != nil {
		tb.Fatal(err)
	}
	if e.led, err = ws.OpenLedger(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.led.Close() })
	return e
}

func (e *env) options(register string) conversion.Options {
	return conversion.Options{
		Register: register, OutDir: e.ws.OutDir(), Template: e.tmpl, Hash: e.hash,
		Maker: e.maker, Ledger: e.led, Actor: "test", Now: func() time.Time { return clock },
	}
}

func (e *env) run(tb testing.TB, o conversion.Options) *conversion.Summary {
	tb.Helper()
	s, err := conversion.Run(context.Background(), o)
	if err != nil {
		tb.Fatalf("convert %s: %v", o.Register, err)
	}
	return s
}
