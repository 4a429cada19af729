package issuance

import (
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/pdfsig"
	"ezz/internal/qr"
	"ezz/internal/render"
	"ezz/internal/sign"
	"ezz/internal/workspace"
)

// newMaker makes a pilot workspace and a Maker for the food-business template.
func newMaker(tb testing.TB, pdf bool) (*Maker, map[string]string) {
	tb.Helper()
	return newMakerOf(tb, "food-business", pdf)
}

// newMakerOf makes a pilot workspace and a Maker for template (a directory
// of templates/), with the values of its first sample.
func newMakerOf(tb testing.TB, template string, pdf bool) (*Maker, map[string]string) {
	tb.Helper()
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	dir := tb.TempDir()
	cfg := workspace.PilotConfig()
	if err := workspace.Init(dir, cfg, at); err != nil {
		tb.Fatal(err)
	}
	ws, err := workspace.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	key, err := sign.InitPilot(filepath.Join(dir, workspace.KeysDir), sign.Agency(cfg.Agency), []byte("bench-passphrase"), at, false)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl, err := catalogue.Load("../../templates/" + template + "/template.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	c := Config{Template: tmpl, Hash: "sm3:bench", Key: key, Workspace: ws}
	if pdf {
		if c.Renderer, err = render.NewRenderer(tmpl, render.Options{}); err != nil {
			tb.Fatal(err)
		}
	}
	m, err := New(c)
	if err != nil {
		tb.Fatal(err)
	}
	vals, problems := dataitem.Standard{Items: tmpl.Items, Rules: tmpl.Rules}.Validate(tmpl.Samples[0])
	if len(problems) > 0 {
		tb.Fatal(problems)
	}
	return m, vals
}

// BenchmarkMake is the CPU cost of one certificate: identifier, signed record,
// QR token, and with pdf the face rendered, the PDF signed and its SM3 — what
// issue 4 budgets at 2 ms; "record" is a conversion without PDFs, whose QR
// tokens are checked but not signed (Config.NoQRToken). Files and the ledger
// are not included.
func BenchmarkMake(b *testing.B) {
	for _, name := range []string{"record", "record+qr", "record+qr+pdf"} {
		b.Run(name, func(b *testing.B) {
			m, vals := newMaker(b, name == "record+qr+pdf")
			m.c.NoQRToken = name == "record"
			at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
			var n uint64
			for b.Loop() {
				n++
				if _, err := m.Make(vals, n, at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSignPDF is the PDF signature of one certificate alone: one face
// signed again and again as makePDF signs it (update, CMS, SM2, the SM3 of
// the signature and of the file), without drawing it; "outlined" from the
// renderer's outline, as makePDF does, "parsed" reading the face's structure.
func BenchmarkSignPDF(b *testing.B) {
	m, vals := newMaker(b, true)
	c, p := laidOut(b, m, vals, time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC), 1)
	modules, err := qr.Modules(c.QR)
	if err != nil {
		b.Fatal(err)
	}
	f, err := m.face(c, p, modules)
	if err != nil || f.outline == nil {
		b.Fatal(err, "or no outline")
	}
	for _, name := range []string{"outlined", "parsed"} {
		b.Run(name, func(b *testing.B) {
			o := m.signOptions(c, p.At, f)
			if name == "parsed" {
				o.Outline = nil
			}
			b.SetBytes(int64(len(f.pdf)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := pdfsig.SignSM3(f.pdf, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestMakeVerifiable issues one certificate and checks its PDF's SM3 and that
// Precheck refuses an expired certificate.
func TestMakeVerifiable(t *testing.T) {
	m, vals := newMaker(t, true)
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	c, err := m.Make(vals, 1, at)
	if err != nil {
		t.Fatal(err)
	}
	if want := hexSM3(c.PDF); c.PDFSM3 != want {
		t.Errorf("PDFSM3 %s, want %s", c.PDFSM3, want)
	}
	if c.ID.Serial != "S01A00001" || c.Record.Meta.ZZBS != c.ID.String() {
		t.Errorf("identifier %s, serial %s", c.ID, c.ID.Serial)
	}
	old := map[string]string{}
	for k, v := range vals {
		old[k] = v
	}
	old["issue_date"], old["valid_until"] = "2015-03-15", "2020-03-14"
	if err := m.Precheck(old, at); err == nil {
		t.Error("Precheck accepted a certificate that expired in 2020")
	}
	old["issue_date"], old["valid_until"] = "2026-07-01", "2031-06-30"
	if err := m.Precheck(old, at); err == nil {
		t.Error("Precheck accepted an issue date in the future")
	}
}
