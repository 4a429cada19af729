// Package pushtest makes what the push and repository tests run against: a
// pilot workspace whose ledger holds certificates (with signed PDFs) issued
// from a synthetic register, and its unlocked issuer key.
package pushtest

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/conversion"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/register/regtest"
	"ezz/internal/render"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// Clock is the time the fixture issues at.
var Clock = time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)

// Pass is the fixture key's passphrase.
const Pass = "pushtest-passphrase"

// Env is an issued workspace.
type Env struct {
	Dir    string
	WS     *workspace.Workspace
	Ledger *ledger.Ledger
	Key    *sign.Issuer
	Issued int
}

// ChainPEM is the workspace's issuer chain file: what a repository trusts.
func (e *Env) ChainPEM() string { return filepath.Join(e.WS.KeysDir(), sign.ChainFile) }

// Trust is the trust a repository of this agency holds.
func (e *Env) Trust(tb testing.TB) *sign.Trust {
	tb.Helper()
	t, err := sign.LoadTrust(e.ChainPEM())
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// New makes a workspace under dir with station, and issues rows certificates
// (with PDFs when pdf) from a synthetic register.
func New(tb testing.TB, dir, station string, rows int, pdf bool) *Env {
	tb.Helper()
	cfg := workspace.PilotConfig()
	cfg.Station = station
	if err := workspace.Init(dir, cfg, Clock); err != nil {
		tb.Fatal(err)
	}
	if _, err := sign.InitPilot(filepath.Join(dir, workspace.KeysDir), sign.Agency(cfg.Agency), []byte(Pass), Clock, false); err != nil {
		tb.Fatal(err)
	}
	ws, err := workspace.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	e := &Env{Dir: dir, WS: ws}
	if e.Key, err = sign.LoadIssuer(ws.KeysDir(), []byte(Pass), Clock); err != nil {
		tb.Fatal(err)
	}
	if e.Ledger, err = ws.OpenLedger(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Ledger.Close() })
	if rows > 0 {
		e.Issued = e.convert(tb, rows, pdf)
	}
	return e
}

func (e *Env) convert(tb testing.TB, rows int, pdf bool) int {
	_, file, _, _ := runtime.Caller(0)
	tmpl, err := catalogue.Load(filepath.Join(filepath.Dir(file), "../../../templates/food-business/template.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	hash, err := catalogue.Hash(tmpl)
	if err != nil {
		tb.Fatal(err)
	}
	mc := issuance.Config{Template: tmpl, Hash: hash, Key: e.Key, Workspace: e.WS}
	if pdf {
		if mc.Renderer, err = render.NewRenderer(tmpl, render.Options{}); err != nil {
			tb.Fatal(err)
		}
	}
	maker, err := issuance.New(mc)
	if err != nil {
		tb.Fatal(err)
	}
	reg := filepath.Join(e.Dir, "register.xlsx")
	if err := regtest.Synthetic(reg, rows); err != nil {
		tb.Fatal(err)
	}
	s, err := conversion.Run(context.Background(), conversion.Options{Register: reg, OutDir: e.WS.OutDir(), Template: tmpl,
		Hash: hash, Maker: maker, Ledger: e.Ledger, Actor: "pushtest", Now: func() time.Time { return Clock }})
	if err != nil {
		tb.Fatal(err)
	}
	return s.Issued
}
