package verify

import (
	"context"
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
			t.Errorf("%s: got %s (%s), want %s", ch.Name, ch.Result, ch.Reason, want[ch.Name])
		}
		t.Logf("%s %s: %s | %s", ch.Name, ch.Result, ch.Reason, ch.ReasonZh)
	}
	if !r.Valid || r.Verdict != Valid || r.Identifier != c.ID.String() {
		t.Errorf("got valid %v verdict %s identifier %s, want true valid %s", r.Valid, r.Verdict, r.Identifier, c.ID)
	}
}
