package verify

import (
	"context"
	"strings"
	"testing"
)

// TestValidCertificate verifies a freshly issued certificate: every check
// passes (signer trust warns: the key is a pilot key).
func TestValidCertificate(t *testing.T) {
	f := shared(t)
	c := f.sample(t, 0)
	r := File(context.Background(), c.PDF, "c.pdf", f.options(checkAt))
	want := map[string]string{CheckPDFSignature: Pass, CheckSignerTrust: Warn, CheckRecord: Pass, CheckQR: Pass, CheckValidity: Pass, CheckStatus: Pass}
	for i, ch := range r.Checks {
		if ch.Name != Names[i] {
			t.Errorf("check %d is %s, want %s", i, ch.Name, Names[i])
		}
		if ch.Result != want[ch.Name] {
			t.Errorf("%s: got %s (%s), want %s", ch.Name, ch.Result, ch.Reason.En, want[ch.Name])
		}
		t.Logf("%s %s: %s | %s", ch.Name, ch.Result, ch.Reason.En, ch.Reason.Zh)
	}
	if !r.Valid || r.Verdict != Valid || r.Identifier != c.ID.String() {
		t.Errorf("got valid %v verdict %s identifier %s, want true valid %s", r.Valid, r.Verdict, r.Identifier, c.ID)
	}
}

// TestCatalogue checks the record's catalogue hash against known templates.
func TestCatalogue(t *testing.T) {
	f := shared(t)
	c := f.sample(t, 1)
	tests := []struct {
		name   string
		known  map[string]string
		result string
		reason string
	}{
		{"not given", nil, Pass, "; catalogue not checked (give --templates DIR)"},
		{"known", map[string]string{f.hash: c.Record.Meta.ZZLXDM}, Pass, "; catalogue " + f.hash + " is a known template"},
		{"unknown", map[string]string{"sm3:00": "x"}, NotChecked, "; its catalogue " + f.hash + " is not among the known templates"},
		{"another type", map[string]string{f.hash: "11100000MB0143028R999"}, Fail,
			"the record's catalogue " + f.hash + " is type 11100000MB0143028R999, but the record says " + c.Record.Meta.ZZLXDM},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := f.options(checkAt)
			o.Catalogues = tc.known
			got := File(context.Background(), c.PDF, "c.pdf", o).Check(CheckRecord)
			if got.Result != tc.result || !strings.HasSuffix(got.Reason.En, tc.reason) {
				t.Errorf("got %s %q, want %s ending %q", got.Result, got.Reason.En, tc.result, tc.reason)
			}
		})
	}
}
