package agency

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/lifecycle"
	"ezz/internal/register/regtest"
	"ezz/internal/text"
)

// foodData is the data of one food-business certificate numbered no.
func foodData(no string) []byte {
	return []byte(`{"operator_name":"武汉市江汉区味之源餐饮管理有限公司","holder_code":"91420103MA4K7R2Q5J","legal_rep":"刘䶮","domicile":"湖北省武汉市江汉区建设大道568号","premises":"湖北省武汉市江汉区解放大道690号","business_form":"02","business_scope":"热食类食品制售","license_no":"` +
		no + `","supervisory_org":"武汉市江汉区市场监督管理局","valid_until":"2031-03-14","issuing_office":"武汉市江汉区市场监督管理局","issue_date":"2026-03-15"}`)
}

// TestIssueTakesTheOutLock: ezz issue holds the lock of the directory its PDF
// goes into (the lock a conversion and check --repair hold), so a repair can
// never adopt or re-sign its staged PDF. It waits for another holder, up to
// lockWait; past that it is busy (exit 2) and has issued nothing. So does
// a new version (alter).
func TestIssueTakesTheOutLock(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
	first, err := a.Issue(ctx, o, foodData("JY24201030012345"))
	if err != nil {
		t.Fatal(err)
	}
	dir := a.OutDir("")
	defer func(w time.Duration) { lockWait = w }(lockWait)

	lockWait = 300 * time.Millisecond
	held, err := issuance.LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Issue(ctx, o, foodData("JY24201030012346"))
	if err == nil || text.ClassOf(err) != text.Environment || !strings.Contains(err.Error(), "is writing into") {
		t.Fatalf("issue while another process holds %s: got %v, want busy (exit 2)", dir, err)
	}
	typ := first.Cert.ID.TypeCode
	if id, err := a.Ledger.IssuedNumber(ctx, typ, "JY24201030012346"); id != "" || err != nil {
		t.Errorf("a busy issue recorded %q (%v), want nothing", id, err)
	}
	alter := ChangeOptions{IssueOptions: o, Target: Target{ID: first.Cert.ID.String()}, Action: lifecycle.Alter,
		Reason: "变更住所", Data: []byte(`{"domicile":"湖北省武汉市江汉区建设大道570号"}`)}
	if _, err := a.Change(ctx, alter); err == nil || text.ClassOf(err) != text.Environment || !strings.Contains(err.Error(), "is writing into") {
		t.Fatalf("alter while another process holds %s: got %v, want busy (exit 2)", dir, err)
	}
	if c, err := a.Ledger.ByIdentifier(ctx, first.Cert.ID.String()); err != nil || c.Identifier != first.Cert.ID.String() {
		t.Errorf("a busy alter: current version %v (%v), want the first still", c, err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(tmps) > 0 {
		t.Errorf("a busy issue or alter left %v", tmps)
	}

	lockWait = time.Minute
	done := make(chan error, 1)
	go func() {
		_, err := a.Issue(ctx, o, foodData("JY24201030012347"))
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	held.Close()
	if err := <-done; err != nil {
		t.Fatalf("issue once the lock is released: %v", err)
	}
}

// TestConvertWaitsForTheLock: a conversion resuming a batch whose directory
// an issue or a new version holds for an instant waits for it, up to
// lockWait, as they and a repair do (it used to exit 2 as busy at once). The
// lock is held for longer than the conversion takes to reach it (it unlocks
// the key first).
func TestConvertWaitsForTheLock(t *testing.T) {
	a, o := pilotIssuer(t)
	ctx := context.Background()
	reg := filepath.Join(t.TempDir(), "register.xlsx")
	if err := regtest.Synthetic(reg, 5); err != nil {
		t.Fatal(err)
	}
	co := ConvertOptions{IssueOptions: o, Register: reg}
	first, err := a.Convert(ctx, co)
	if err != nil {
		t.Fatal(err)
	}
	defer func(w time.Duration) { lockWait = w }(lockWait)
	lockWait = time.Minute
	held, err := issuance.LockDir(first.OutDir)
	if err != nil {
		t.Fatal(err)
	}
	release := time.AfterFunc(2*time.Second, func() { held.Close() })
	defer release.Stop()
	s, err := a.Convert(ctx, co)
	if err != nil {
		t.Fatalf("convert while another process held %s for 2 s: %v; want it to wait", first.OutDir, err)
	}
	if s.Already != 5 || s.Issued != 0 {
		t.Errorf("resumed: issued %d, already %d; want 0 and 5", s.Issued, s.Already)
	}
}
