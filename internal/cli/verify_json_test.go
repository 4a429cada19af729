package cli

import (
	"bytes"
	"testing"

	"ezz/internal/agency"
	"ezz/internal/text"
)

// TestVerifyJSONEncodedAsTheyCome checks that the report of several files
// written from the reports encoded one by one is byte for byte the one
// writeJSON makes of the whole, for reports with every kind of content.
func TestVerifyJSONEncodedAsTheyCome(t *testing.T) {
	report := func(verdict, file, reason string, state *agency.State) *agency.Report {
		return &agency.Report{Valid: verdict == agency.Valid, Verdict: verdict, File: file, Identifier: "1.2.156.3005.2.X.E",
			At: "2026-12-01T20:00:00Z", State: state, Checks: []agency.Check{
				{Name: agency.CheckPDFSignature, Result: agency.Pass, Reason: text.New("签名覆盖整个文件", reason)},
				{Name: agency.CheckStatus, Result: agency.NotChecked},
			}}
	}
	state := &agency.State{Code: "01", Name: "valid", Current: "1.2.156.3005.2.X.E", Since: "2026-01-01T00:00:00Z"}
	tests := []struct {
		name    string
		reports []*agency.Report
	}{
		{"all valid", []*agency.Report{report(agency.Valid, "a.pdf", "ok", state), report(agency.Valid, "b.pdf", "ok", nil)}},
		{"one invalid", []*agency.Report{report(agency.Valid, "a.pdf", "ok", nil), report(agency.Invalid, "b.pdf", "bad", nil),
			report(agency.CannotCheck, "c.pdf", "gone", nil)}},
		{"markup and escapes", []*agency.Report{report(agency.Invalid, "<a&b>.pdf", "\"quoted\" <tag> & \\ \u2028 \t 证照", state),
			report(agency.Valid, "", "", nil)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole := &verified{reports: tt.reports, json: true}
			var want bytes.Buffer
			if err := writeJSON(&want, whole); err != nil {
				t.Fatal(err)
			}
			streamed := &verified{reports: tt.reports, json: true, encoded: &encodedReports{}}
			for _, r := range tt.reports {
				streamed.encoded.add(r)
			}
			var got bytes.Buffer
			if err := streamed.writeJSON(&got); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
			}
		})
	}
}

// TestVerifyJSONFallsBack checks that a report whose parts are missing is
// written whole, not from a partial list.
func TestVerifyJSONFallsBack(t *testing.T) {
	r := &agency.Report{Verdict: agency.Invalid, File: "a.pdf"}
	v := &verified{reports: []*agency.Report{r, r}, json: true, encoded: &encodedReports{}}
	v.encoded.add(r) // one part for two reports
	var got, want bytes.Buffer
	if err := v.writeJSON(&got); err != nil {
		t.Fatal(err)
	}
	if err := writeJSON(&want, v); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() || bytes.Count(got.Bytes(), []byte(`"a.pdf"`)) != 2 {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
	}
}
