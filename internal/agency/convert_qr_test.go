package agency

import (
	"testing"

	"ezz/internal/dataitem"
)

// A conversion without PDFs builds a Maker that keeps no QR token (nobody
// receives one); ezz issue --no-pdf prints its token, so its Maker keeps it.
func TestConvertWithoutPDFsKeepsNoQRToken(t *testing.T) {
	a, o := pilotIssuer(t)
	o.NoPDF = true
	for _, tt := range []struct {
		name string
		o    IssueOptions
		keep bool
	}{
		{"convert --no-pdf", ConvertOptions{IssueOptions: o}.issueOptions(), false},
		{"issue --no-pdf", o, true},
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
			c, err := is.maker.Make(vals, 1, a.Now())
			if err != nil {
				t.Fatal(err)
			}
			if (c.QR != "") != tt.keep {
				t.Errorf("QR token %q: want one kept %v", c.QR, tt.keep)
			}
		})
	}
}
