package verify

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/pdfsig"
	"ezz/internal/qr"
	"ezz/internal/render"
	"ezz/internal/sign"
	"ezz/internal/workday"
	"ezz/internal/workspace"
)

// issueTime is when the fixture certificates are issued (the template's
// sample says issue date 2026-03-15, valid through 2031-03-14; QR 90 days).
var issueTime = time.Date(2026, 3, 15, 10, 0, 0, 0, workday.Shanghai)

const templatePath = "../../templates/food-business/template.yaml"

// fixture is a pilot workspace that issues real certificates from the
// food-business template.
type fixture struct {
	dir    string
	ws     *workspace.Workspace
	issuer *sign.Issuer
	trust  *sign.Trust
	led    *ledger.Ledger
	tmpl   *catalogue.Template
	hash   string
	maker  *issuance.Maker
	render *render.Renderer
}

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  error
	fixDirs []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range fixDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// shared returns the fixture all tests share (built once: keys, fonts).
func shared(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() { fix, fixErr = newFixture() })
	if fixErr != nil {
		t.Fatalf("fixture: %v", fixErr)
	}
	return fix
}

// newFixture makes a pilot workspace with its own keys and ledger.
func newFixture() (*fixture, error) {
	dir, err := os.MkdirTemp("", "ezz-verify-")
	if err != nil {
		return nil, err
	}
	fixDirs = append(fixDirs, dir)
	f := &fixture{dir: filepath.Join(dir, "ws")}
	keyTime := issueTime.Add(-24 * time.Hour)
	cfg := workspace.PilotConfig()
	cfg.Station = "HQ"
	if err := workspace.Init(f.dir, cfg, keyTime); err != nil {
		return nil, err
	}
	if f.ws, err = workspace.Open(f.dir); err != nil {
		return nil, err
	}
	a := sign.Agency{Name: f.ws.Config.Agency.Name, Code: f.ws.Config.Agency.Code}
	if f.issuer, err = sign.InitPilot(f.ws.KeysDir(), a, []byte("pilot-passphrase"), keyTime, false); err != nil {
		return nil, err
	}
	if f.trust, err = sign.LoadWorkspaceTrust(f.ws.KeysDir()); err != nil {
		return nil, err
	}
	if f.led, err = f.ws.OpenLedger(); err != nil {
		return nil, err
	}
	if f.tmpl, err = catalogue.Load(templatePath); err != nil {
		return nil, err
	}
	if f.hash, err = catalogue.Hash(f.tmpl); err != nil {
		return nil, err
	}
	if f.render, err = render.NewRenderer(f.tmpl, render.Options{}); err != nil {
		return nil, err
	}
	f.maker, err = issuance.New(issuance.Config{Template: f.tmpl, Hash: f.hash, Key: f.issuer, Workspace: f.ws, Renderer: f.render})
	return f, err
}

// values returns the template's sample i, validated and normalised.
func (f *fixture) values(t testing.TB, i int) map[string]string {
	t.Helper()
	std, err := f.tmpl.Standard().Compile()
	if err != nil {
		t.Fatal(err)
	}
	vals, problems := std.Validate(f.tmpl.Samples[i])
	if len(problems) > 0 {
		t.Fatalf("sample %d: %v", i, problems)
	}
	return vals
}

// issue makes a certificate from vals and records it in the ledger.
func (f *fixture) issue(t testing.TB, vals map[string]string) *issuance.Certificate {
	t.Helper()
	return f.issueBy(t, f.maker, vals)
}

// issueBy issues and records a certificate of vals made by m.
func (f *fixture) issueBy(t testing.TB, m *issuance.Maker, vals map[string]string) *issuance.Certificate {
	t.Helper()
	ctx := context.Background()
	n, err := f.led.NextSerial(ctx, m.Station())
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Make(vals, n, issueTime)
	if err != nil {
		t.Fatalf("Make: %v", err)
	}
	err = f.led.IssueBatch(ctx, []ledger.Issuance{{
		Identifier: c.ID.String(), Station: c.Record.Station, Serial: c.ID.Serial, SerialN: n,
		TypeCode: c.Record.Meta.ZZLXDM, Number: c.Record.Meta.ZZBH + "-" + c.ID.Serial, HolderCode: c.Record.Meta.CZZTDM,
		Record: c.Envelope, PDFPath: "out/" + c.ID.Serial + ".pdf", PDFSM3: c.PDFSM3, Actor: "test", At: issueTime,
	}})
	if err != nil {
		t.Fatalf("IssueBatch: %v", err)
	}
	return c
}

// sample issues a fresh certificate of sample i.
func (f *fixture) sample(t testing.TB, i int) *issuance.Certificate {
	t.Helper()
	return f.issue(t, f.values(t, i))
}

// options verifies with the workspace's trust and ledger, as of at.
func (f *fixture) options(at time.Time) Options {
	return Options{Trust: f.trust, At: at, Status: LedgerStatus{Ledger: f.led, Name: "workspace " + f.dir}}
}

// checkAt is a day after issuance, inside every validity window.
var checkAt = issueTime.Add(24 * time.Hour)

// build signs c's face again as the issuer would, but carrying the given
// signed record and QR payload: a PDF whose signature is intact around the
// wrong contents.
func (f *fixture) build(t testing.TB, c *issuance.Certificate, envelope []byte, payload string) []byte {
	t.Helper()
	modules, err := qr.Modules(payload)
	if err != nil {
		t.Fatal(err)
	}
	return f.buildDrawn(t, c, envelope, modules, payload)
}

// buildDrawn is build with the QR code drawn on the page from modules,
// whatever the payload in the document information.
func (f *fixture) buildDrawn(t testing.TB, c *issuance.Certificate, envelope []byte, modules [][]bool, payload string) []byte {
	t.Helper()
	face, err := f.render.Render(c.Record.Items, modules)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := pdfsig.Sign(face, pdfsig.Options{Signer: f.issuer.Key, Chain: f.issuer.Chain, Time: issueTime,
		Attachments: []pdfsig.Attachment{{Name: issuance.RecordAttachment, MIME: "application/json", Data: envelope}},
		Info:        map[string]string{"Identifier": c.ID.String(), issuance.InfoQR: payload}})
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}
