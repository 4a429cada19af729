package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEzz runs ezz in-process and returns its exit code and output.
func runEzz(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// auditHome is a workspace with one certificate issued and a signed head.
func auditHome(t *testing.T) (home, id string) {
	t.Helper()
	home = filepath.Join(t.TempDir(), "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "audit-test-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	data := filepath.Join(t.TempDir(), "a.json")
	rec := `{"operator_name":"审计测试有限公司","holder_code":"91420103MA4K7R2Q5J","legal_rep":"张三","domicile":"某地","premises":"某地","business_form":"02","business_scope":"热食类食品制售","license_no":"JY24201030012345","supervisory_org":"某所","valid_until":"2031-03-14","issuing_office":"某局","issue_date":"2026-03-15"}`
	if err := os.WriteFile(data, []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init"}, {"keys", "init", "--pilot"},
		{"issue", "--out", filepath.Join(t.TempDir(), "out"), "--template", "../../templates/food-business/template.yaml", "--data", data}, {"audit", "head"}} {
		code, out, errs := runEzz(t, append([]string{"--home", home}, args...)...)
		if code != 0 {
			t.Fatalf("ezz %v: exit %d: %s", args, code, errs)
		}
		if args[0] == "issue" {
			id = strings.Fields(strings.TrimPrefix(out, "issued "))[0]
		}
	}
	return home, id
}

// TestAuditVerifyExitCodes edits the ledger file behind ezz's back: verify
// names the first bad entry and exits 1; a missing workspace exits 2.
func TestAuditVerifyExitCodes(t *testing.T) {
	home, _ := auditHome(t)
	if code, out, errs := runEzz(t, "--home", home, "audit", "verify"); code != ExitOK {
		t.Fatalf("clean log: exit %d: %s%s", code, out, errs)
	}
	db, err := sql.Open("sqlite", filepath.Join(home, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`DROP TRIGGER audit_entries_no_update`, `DROP TRIGGER events_no_update`,
		`UPDATE events SET actor = 'mallory' WHERE seq = 2`} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	code, out, errs := runEzz(t, "--home", home, "audit", "verify")
	if code != ExitFindings {
		t.Fatalf("tampered log: got exit %d, want 1: %s%s", code, out, errs)
	}
	for _, want := range []string{"audit log TAMPERED", "trigger-missing", "trigger audit_entries_no_update was dropped",
		"entry-changed", "audit entry 1 does not match its stored leaf hash"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "ezz: error: the audit log was tampered with: the first bad entry is 1") {
		t.Errorf("stderr: %s", errs)
	}
	if code, _, _ := runEzz(t, "--home", filepath.Join(t.TempDir(), "none"), "audit", "verify"); code != ExitUsage {
		t.Errorf("no workspace: got exit %d, want 2", code)
	}
}

// TestCheckProofExitCodes: a proof whose entry was edited exits 1; an
// unreadable one exits 2.
func TestCheckProofExitCodes(t *testing.T) {
	home, id := auditHome(t)
	proof := filepath.Join(t.TempDir(), "proof.json")
	if code, _, errs := runEzz(t, "--home", home, "audit", "prove", id, "-o", proof); code != 0 {
		t.Fatalf("prove: exit %d: %s", code, errs)
	}
	cert := filepath.Join(home, "keys", "issuer-chain.pem")
	if code, out, errs := runEzz(t, "audit", "check-proof", proof, "--issuer", cert); code != 0 {
		t.Fatalf("check-proof: exit %d: %s%s", code, out, errs)
	}
	b, _ := os.ReadFile(proof)
	forged := filepath.Join(t.TempDir(), "forged.json")
	os.WriteFile(forged, bytes.Replace(b, []byte(`"action": "issue"`), []byte(`"action": "issuf"`), 1), 0o644)
	code, _, errs := runEzz(t, "audit", "check-proof", forged, "--issuer", cert)
	if code != ExitFindings || !strings.Contains(errs, "the audit proof does not hold") {
		t.Errorf("forged proof: got exit %d (%s), want 1", code, errs)
	}
	if code, _, _ := runEzz(t, "audit", "check-proof", filepath.Join(home, "nothing.json"), "--issuer", cert); code != ExitUsage {
		t.Errorf("missing proof: got exit %d, want 2", code)
	}
}
