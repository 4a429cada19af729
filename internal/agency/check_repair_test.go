package agency

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/register/regtest"
	"ezz/internal/text"
)

// TestRepairSkipsAFilePutInPlace: a file the check found missing while a
// conversion or an issue held its directory, and that the holder put in
// place before the repair took the lock, is left as it is: not re-signed
// over, no repair recorded.
func TestRepairSkipsAFilePutInPlace(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
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

// TestRepairLeavesAnotherFileInPlace: a file that appeared at a missing PDF's
// path before the repair took the lock, but is not the recorded one (another
// process's bytes, a FIFO), is not overwritten and not taken for the
// recorded file: it is altered, so the check does not say ok.
func TestRepairLeavesAnotherFileInPlace(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
	is, err := a.Issue(ctx, o, foodData("JY24201030012345"))
	if err != nil {
		t.Fatal(err)
	}
	other := []byte("%PDF-1.7 not the recorded file")
	if err := os.WriteFile(is.Path, other, 0o644); err != nil {
		t.Fatal(err)
	}
	stale := &CheckReport{Missing: []FileIssue{{Identifier: is.Cert.ID.String(), Path: is.Path, Want: is.Cert.PDFSM3}}}
	if err := a.repair(ctx, stale, CheckOptions{Repair: true, IssueOptions: o}); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(is.Path)
	if err != nil || !bytes.Equal(after, other) || len(stale.Repaired) != 0 || len(stale.Missing) != 0 {
		t.Errorf("repaired %+v, still missing %+v, file unchanged %v (%v); want it left as it is", stale.Repaired, stale.Missing, bytes.Equal(after, other), err)
	}
	if len(stale.Altered) != 1 || stale.Altered[0].Path != is.Path || stale.Altered[0].Got == "" || stale.Altered[0].Got == is.Cert.PDFSM3 {
		t.Errorf("altered %+v, want %s with the SM3 of what is there", stale.Altered, is.Path)
	}
}

// TestRepairWaitsForAnIssue: an issue or a new version holds its
// directory's lock for milliseconds; a repair starting then waits for it, as
// they wait for one another, and repairs, rather than saying busy at once.
// Held past lockWait, the directory is busy (exit 2) and nothing is touched.
func TestRepairWaitsForAnIssue(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
	is, err := a.Issue(ctx, o, foodData("JY24201030012345"))
	if err != nil {
		t.Fatal(err)
	}
	missing := func() *CheckReport {
		t.Helper()
		if err := os.Remove(is.Path); err != nil {
			t.Fatal(err)
		}
		return &CheckReport{Missing: []FileIssue{{Identifier: is.Cert.ID.String(), Path: is.Path, Want: is.Cert.PDFSM3}}}
	}
	hold := func() *os.File {
		t.Helper()
		l, err := issuance.LockDir(filepath.Dir(is.Path))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	defer func(w time.Duration) { lockWait = w }(lockWait)

	lockWait = time.Minute
	held := hold()
	go func() {
		time.Sleep(200 * time.Millisecond)
		held.Close()
	}()
	r := missing()
	if err := a.repair(ctx, r, CheckOptions{Repair: true, IssueOptions: o}); err != nil {
		t.Fatalf("repair once the issue released the lock: %v", err)
	}
	if len(r.Repaired) != 1 || len(r.Missing) != 0 {
		t.Errorf("repaired %+v, still missing %+v; want the file put back", r.Repaired, r.Missing)
	}

	lockWait = 300 * time.Millisecond
	held = hold()
	defer held.Close()
	err = a.repair(ctx, missing(), CheckOptions{Repair: true, IssueOptions: o})
	if err == nil || text.ClassOf(err) != text.Environment || !strings.Contains(err.Error(), "did not end within 300ms: its files cannot be repaired now") {
		t.Fatalf("repair while the lock is held past lockWait: got %v, want busy (exit 2)", err)
	}
	if _, err := os.Stat(is.Path); err == nil {
		t.Error("a busy repair put the file back")
	}
}

// TestLookAgainComparesNewRecords: a file the walk found extra and the ledger
// records by the second look (a conversion committed it meanwhile) is
// compared with its recorded SM3, not just taken off the extra list; a file
// recorded since the first look and not in place is missing.
func TestLookAgainComparesNewRecords(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
	changed, err := a.Issue(ctx, o, foodData("JY24201030012345"))
	if err != nil {
		t.Fatal(err)
	}
	gone, err := a.Issue(ctx, o, foodData("JY24201030012346"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(changed.Path, []byte("%PDF-1.7 not the recorded file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(gone.Path); err != nil {
		t.Fatal(err)
	}
	// As the first look saw it: neither recorded yet, the first one's file extra.
	r := &CheckReport{Missing: []FileIssue{}, Altered: []FileIssue{}, Extra: []string{absPath(changed.Path)}}
	if err := a.lookAgain(ctx, r, nil, map[string]bool{}); err != nil {
		t.Fatal(err)
	}
	if len(r.Extra) != 0 || len(r.Altered) != 1 || r.Altered[0].Identifier != changed.Cert.ID.String() {
		t.Errorf("extra %v, altered %+v; want %s altered", r.Extra, r.Altered, changed.Path)
	}
	if len(r.Missing) != 1 || r.Missing[0].Identifier != gone.Cert.ID.String() {
		t.Errorf("missing %+v, want %s", r.Missing, gone.Path)
	}
}

// pilotIssuer is a pilot workspace with its keys made, unlocked by the
// passphrase in the environment, and the options that issue the
// food-business certificate.
func pilotIssuer(t *testing.T) (*Agency, IssueOptions) {
	t.Helper()
	t.Setenv("EZZ_KEY_PASSPHRASE", "lock-passphrase")
	a := pilotAgency(t)
	if _, err := a.KeysInitPilot(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	return a, IssueOptions{Template: "../../templates/food-business/template.yaml"}
}

// TestRepairRefusesAnOldRelativePath: a PDF an older ezz recorded relative
// to the folder it was started in is not made again from another folder,
// where its folder does not exist: that would put it outside the workspace.
func TestRepairRefusesAnOldRelativePath(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
	is, err := a.Issue(ctx, o, foodData("JY24201030012345"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	old := filepath.Join("ezz-home", "out", filepath.Base(is.Path))
	stale := &CheckReport{Missing: []FileIssue{{Identifier: is.Cert.ID.String(), Path: old, Want: is.Cert.PDFSM3}}}
	err = a.repair(ctx, stale, CheckOptions{Repair: true, IssueOptions: o})
	if err == nil || !strings.Contains(text.Of(err).En, "relative to the folder an older ezz was started in") {
		t.Errorf("repair of %s from another folder: %v; want it refused", old, err)
	}
	if _, err := os.Stat("ezz-home"); !os.IsNotExist(err) {
		t.Errorf("the repair made ezz-home under the current folder (%v)", err)
	}
}

// TestRepairClearsStagedFiles: --repair removes what stopped runs left
// staged where the ledger's PDFs are — a signed PDF for a serial the ledger
// never issued, a second staged copy of a PDF in place, an empty staged file,
// a half-written rejects workbook in a batch's folder — and leaves alone, in
// a folder that holds other files too, whatever is not named and made as ezz
// stages (a user's own PDF with such a name, an empty file of another name, a
// rejects-like name outside a batch's folder, anything below the folder);
// every recorded file stays as it is.
func TestRepairClearsStagedFiles(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
	reg := filepath.Join(t.TempDir(), "register.xlsx")
	if err := regtest.Synthetic(reg, 3); err != nil {
		t.Fatal(err)
	}
	conv, err := a.Convert(ctx, ConvertOptions{IssueOptions: o, Register: reg})
	if err != nil {
		t.Fatal(err)
	}
	is, err := a.Issue(ctx, o, foodData("JY24201030012345"))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(is.Path)
	if err != nil {
		t.Fatal(err)
	}
	staged := append([]byte("%TMP-"), pdf[5:]...)
	dir := filepath.Dir(is.Path) // out/, where ezz issue puts its PDFs: a folder like any --out
	write := func(p string, b []byte) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	gone := []string{
		write(filepath.Join(dir, "S01A00099.pdf.123456.tmp"), staged),               // never issued
		write(is.Path+".654321.tmp", staged),                                        // a second copy of one in place
		write(filepath.Join(dir, "S01A00100.pdf.7.tmp"), nil),                       // killed before its one write
		write(filepath.Join(conv.OutDir, ".rejects-2246840564.xlsx"), []byte("PK")), // half written, in a batch's folder
	}
	kept := []string{
		write(filepath.Join(dir, "paper.pdf.v2.tmp"), pdf),              // a user's own PDF
		write(filepath.Join(dir, "S01A00101.pdf.8.tmp"), pdf),           // a PDF, not a staged file
		write(filepath.Join(dir, "notes.pdf.x.tmp"), nil),               // not a name ezz makes
		write(filepath.Join(dir, ".rejects-2024.xlsx"), []byte("PK")),   // not in a batch's folder
		write(filepath.Join(dir, "sub", "S01A00102.pdf.9.tmp"), staged), // below the folder
	}
	r, err := a.Check(ctx, CheckOptions{Repair: true})
	if err != nil || len(r.Cleared) != len(gone) {
		t.Fatalf("check --repair: %v, cleared %v, extra %v; want the %d staged files cleared", err, r.Cleared, r.Extra, len(gone))
	}
	for _, p := range gone {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", p, err)
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed (%v)", p, err)
		}
	}
	if after, err := os.ReadFile(is.Path); err != nil || !bytes.Equal(after, pdf) {
		t.Errorf("the recorded PDF changed (%v)", err)
	}
	for _, p := range kept {
		os.Remove(p)
	}
	if r, err := a.Check(ctx, CheckOptions{}); err != nil || !r.OK {
		t.Errorf("check once the user's files are gone: %v, ok %v, extra %v", err, r != nil && r.OK, r.Extra)
	}
}
