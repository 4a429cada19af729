package agency

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/dataitem"
	"ezz/internal/env"
)

// A conversion without PDFs builds a Maker that keeps no QR token (nobody
// receives one); ezz issue --no-pdf prints its token, so its Maker keeps it.
func TestConvertWithoutPDFsKeepsNoQRToken(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if err := InitWorkspace(home, PilotConfig(), now); err != nil {
		t.Fatal(err)
	}
	t.Setenv(env.KeyPassphrase.Name, "a passphrase")
	a, err := Open(Options{Home: home, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.KeysInitPilot(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	tmpl := filepath.Join("..", "..", "templates", "food-business", "template.yaml")
	for _, tt := range []struct {
		name string
		o    IssueOptions
		keep bool
	}{
		{"convert --no-pdf", ConvertOptions{IssueOptions: IssueOptions{Template: tmpl, NoPDF: true}}.issueOptions(), false},
		{"issue --no-pdf", IssueOptions{Template: tmpl, NoPDF: true}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			is, err := a.openIssuing(tt.o)
			if err != nil {
				t.Fatal(err)
			}
			tp := is.tmpl.Template
			vals, problems := dataitem.Standard{Items: tp.Items, Rules: tp.Rules}.Validate(tp.Samples[0])
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			c, err := is.maker.Make(vals, 1, now)
			if err != nil {
				t.Fatal(err)
			}
			if (c.QR != "") != tt.keep {
				t.Errorf("QR token %q: want one kept %v", c.QR, tt.keep)
			}
		})
	}
}
