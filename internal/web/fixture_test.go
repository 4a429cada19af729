package web_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/render"
	"ezz/internal/sign"
	"ezz/internal/verify"
	"ezz/internal/web"
	"ezz/internal/workday"
	"ezz/internal/workspace"
)

// issueTime is when fixture certificates are issued: the food-business
// sample is valid 2026-03-15 through 2031-03-14 with a 90-day QR code.
var issueTime = time.Date(2026, 3, 15, 10, 0, 0, 0, workday.Shanghai)

// checkAt is a day later, inside every window.
var checkAt = issueTime.Add(24 * time.Hour)

const templatePath = "../../templates/food-business/template.yaml"

// fixture is a pilot workspace that issues real certificates from the
// food-business template into its real ledger.
type fixture struct {
	dir    string
	ws     *workspace.Workspace
	issuer *sign.Issuer
	trust  *sign.Trust
	led    *ledger.Ledger
	tmpl   *catalogue.Template
	hash   string
	maker  *issuance.Maker
	at     atomicTime // the agency's clock (agencyOf); zero: checkAt
}

// newFixture makes the workspace under t.TempDir(); withPDF renders faces.
func newFixture(t testing.TB, withPDF bool) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir() + "/ws"}
	keyTime := issueTime.Add(-24 * time.Hour)
	cfg := workspace.PilotConfig()
	cfg.Station = "HQ"
	cfg.QRURLPrefix = "https://zz.example.gov.cn/v/"
	must(t, workspace.Init(f.dir, cfg, keyTime))
	var err error
	f.ws, err = workspace.Open(f.dir)
	must(t, err)
	a := sign.Agency{Name: f.ws.Config.Agency.Name, Code: f.ws.Config.Agency.Code}
	f.issuer, err = sign.InitPilot(f.ws.KeysDir(), a, []byte("pilot-passphrase"), keyTime, false)
	must(t, err)
	f.trust, err = sign.LoadWorkspaceTrust(f.ws.KeysDir())
	must(t, err)
	f.led, err = f.ws.OpenLedger()
	must(t, err)
	t.Cleanup(func() { f.led.Close() })
	f.tmpl, err = catalogue.Load(templatePath)
	must(t, err)
	f.hash, err = catalogue.Hash(f.tmpl)
	must(t, err)
	cfgM := issuance.Config{Template: f.tmpl, Hash: f.hash, Key: f.issuer, Workspace: f.ws}
	if withPDF {
		r, err := render.NewRenderer(f.tmpl, render.Options{})
		must(t, err)
		cfgM.Renderer = r
	}
	f.maker, err = issuance.New(cfgM)
	must(t, err)
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// values returns the template's sample i, validated, with changes applied.
func (f *fixture) values(t testing.TB, i int, changes map[string]string) map[string]string {
	t.Helper()
	std, err := f.tmpl.Standard().Compile()
	must(t, err)
	vals, problems := std.Validate(f.tmpl.Samples[i])
	if len(problems) > 0 {
		t.Fatalf("sample %d: %v", i, problems)
	}
	for k, v := range changes {
		vals[k] = v
	}
	return vals
}

// issue makes a certificate from vals and records it in the ledger.
func (f *fixture) issue(t testing.TB, vals map[string]string) *issuance.Certificate {
	t.Helper()
	return f.issueWith(t, vals, nil)
}

// issueEnvelope records a certificate whose signed record edit changed
// (a ledger row tampered with) and returns its identifier.
func (f *fixture) issueEnvelope(t testing.TB, vals map[string]string, edit func([]byte) []byte) string {
	t.Helper()
	return f.issueWith(t, vals, edit).ID.String()
}

func (f *fixture) issueWith(t testing.TB, vals map[string]string, edit func([]byte) []byte) *issuance.Certificate {
	t.Helper()
	ctx := context.Background()
	n, err := f.led.NextSerial(ctx, f.maker.Station())
	must(t, err)
	c, err := f.maker.Make(vals, n, issueTime)
	must(t, err)
	if edit != nil {
		c.Envelope = edit(c.Envelope)
	}
	must(t, f.led.IssueBatch(ctx, []ledger.Issuance{{
		Identifier: c.ID.String(), Station: c.Record.Station, Serial: c.ID.Serial, SerialN: n,
		TypeCode: c.Record.Meta.ZZLXDM, Number: c.Record.Meta.ZZBH + "-" + c.ID.Serial, HolderCode: c.Record.Meta.CZZTDM,
		Record: c.Envelope, Actor: "test", At: issueTime,
	}}))
	return c
}

// setStatus changes a certificate's status in the ledger.
func (f *fixture) setStatus(t testing.TB, id, code string) {
	t.Helper()
	must(t, f.led.SetStatus(context.Background(), ledger.StatusChange{Identifier: id, Status: code,
		Reason: "test", Actor: "test", Station: "HQ", At: issueTime.Add(2 * time.Hour)}))
}

// checker verifies against the workspace as of at.
func (f *fixture) checker(at time.Time) web.Checker {
	return web.Checker{Trust: f.trust, Status: verify.LedgerStatus{Ledger: f.led, Name: "workspace"},
		Now: func() time.Time { return at }}
}

// server serves the scan page on 127.0.0.1 as of at.
func (f *fixture) server(t testing.TB, at time.Time, staff bool) *httptest.Server {
	t.Helper()
	s := web.NewScan(web.ScanOptions{Verifier: f.checker(at), Log: f.led, Station: "HQ",
		Limit: web.Limit{PerMinute: 600, Burst: 100},
		Staff: func(*http.Request) bool { return staff }, Now: func() time.Time { return at }})
	srv := httptest.NewServer(s.Wrap(http.NotFoundHandler()))
	t.Cleanup(srv.Close)
	return srv
}

// foreignToken is a well-formed token for id signed by a key nobody trusts.
func foreignToken(t testing.TB, id string) string {
	t.Helper()
	key, err := sm2.GenerateKey(rand.Reader)
	must(t, err)
	p, err := qr.Make(qr.Claims{Identifier: id, KeyID: sign.KeyID(key.Public()), IssuedAt: issueTime,
		ExpiresAt: issueTime.Add(90 * 24 * time.Hour), Digest: make([]byte, 32)}, key, "https://zz.example.gov.cn/v/")
	must(t, err)
	return strings.TrimPrefix(p, "https://zz.example.gov.cn/v/") // escaped for a URL path, as after a prefix
}

// forge changes one character of a token's signature part, outside its
// escapes: a well-formed, forged code.
func forge(payload string) string {
	b := []byte(payload)
	i := len(b) - 10
	for b[i] < 'A' || b[i] > 'Z' || b[i-1] == '%' || b[i-2] == '%' {
		i--
	}
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

func httptestServer(t testing.TB, s *web.Scan) string {
	return httptestServerHandler(t, s.Wrap(http.NotFoundHandler()))
}

func httptestServerHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
