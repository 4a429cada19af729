package agency

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// TestRepairSkipsAFilePutInPlace: a file the check found missing while a
// conversion or an issue held its directory, and that the holder put in
// place before the repair took the lock, is left as it is: not re-signed
// over, no repair recorded.
func TestRepairSkipsAFilePutInPlace(t *testing.T) {
	t.Setenv("EZZ_KEY_PASSPHRASE", "lock-passphrase")
	a := pilotAgency(t)
	ctx := context.Background()
	if _, err := a.KeysInitPilot(ctx, false); err != nil {
		t.Fatal(err)
	}
	o := IssueOptions{Template: "../../templates/food-business/template.yaml"}
	is, err := a.Issue(ctx, o, foodData("JY24201030012345"))
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(is.Path)
	if err != nil {
		t.Fatal(err)
	}
	stale := &CheckReport{Missing: []FileIssue{{Identifier: is.Cert.ID.String(), Path: is.Path, Want: is.Cert.PDFSM3}}}
	if err := a.repair(ctx, stale, CheckOptions{Repair: true, IssueOptions: o}); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(is.Path)
	if err != nil || !bytes.Equal(after, before) || len(stale.Repaired) != 0 || len(stale.Missing) != 0 {
		t.Errorf("repaired %+v, still missing %+v, file unchanged %v (%v); want nothing done", stale.Repaired, stale.Missing, bytes.Equal(after, before), err)
	}
}
