package cli

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// mustRun runs ezz with --home home and fails the test unless it exits want.
func mustRun(t *testing.T, home string, want int, args ...string) string {
	t.Helper()
	code, out, errs := ezzRun(home, args...)
	if code != want {
		t.Fatalf("ezz %v: exit %d, want %d\n%s%s", args, code, want, out, errs)
	}
	return out + errs
}

// issuedHome makes a pilot workspace under dir that issued n certificates.
func issuedHome(t *testing.T, dir string, n int) string {
	t.Helper()
	home := filepath.Join(dir, "home")
	mustRun(t, home, 0, "init")
	mustRun(t, home, 0, "keys", "init", "--pilot")
	for i := range n {
		data := filepath.Join(dir, fmt.Sprintf("r%d.json", i))
		rec := fmt.Sprintf(`{"operator_name":"配置测试有限公司%d","holder_code":"91420103MA4K7R2Q5J","legal_rep":"张三","domicile":"某地","premises":"某地","business_form":"02","business_scope":"热食类食品制售","license_no":"JY2420103100%04d","supervisory_org":"某所","valid_until":"2031-03-14","issuing_office":"某局","issue_date":"2026-03-15"}`, i, i)
		os.WriteFile(data, []byte(rec), 0o644)
		mustRun(t, home, 0, "issue", "--template", "../../templates/food-business/template.yaml", "--data", data)
	}
	return home
}

// localProfile copies a shipped profile with its url pointed at the test's receiver.
func localProfile(t *testing.T, dir, name, url string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "push", "profiles", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out := regexp.MustCompile(`(?m)^url: .*$`).ReplaceAll(data, []byte("url: "+url))
	path := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// rowsStored counts the rows the receiver stored per profile, and the distinct keys.
func rowsStored(t *testing.T, db string) map[string][2]int {
	t.Helper()
	d, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rs, err := d.Query(`SELECT profile, count(*), count(DISTINCT identifier || operation || state || at) FROM profile_rows GROUP BY profile`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	out := map[string][2]int{}
	for rs.Next() {
		var p string
		var n, distinct int
		rs.Scan(&p, &n, &distinct)
		out[p] = [2]int{n, distinct}
	}
	return out
}

// TestPushProfilesToRepository pushes through both example profiles to a
// real ezz repository serve speaking them: OAuth2 + AcceptData/ReturnCode,
// and up_lic_data rows under SM4 with signed requests. Each item is stored
// once; a second station pushing the same items is answered "already
// stored", which counts as success and marks its ledger too.
func TestPushProfilesToRepository(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("EZZ_KEY_PASSPHRASE", "profile-test-passphrase")
	t.Setenv("EZZ_PUSH_CLIENT_SECRET", "s3cret-of-the-province")
	t.Setenv("EZZ_PUSH_SM4_KEY", "0123456789abcdef0123456789abcdef")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	home := issuedHome(t, dir, 3)
	twin := filepath.Join(dir, "twin")
	if out, err := exec.Command("cp", "-a", home, twin).CombinedOutput(); err != nil {
		t.Fatalf("copy the workspace: %v\n%s", err, out)
	}
	chain := filepath.Join(home, "keys", "issuer-chain.pem")
	url := serveRepository(t, dir, chain, "--profile", "example-accept-data", "--profile", "example-exchange-table")
	accept := localProfile(t, dir, "example-accept-data", url)
	table := localProfile(t, dir, "example-exchange-table", url)

	// Two certificates through the accept-data interface, the third through the exchange table.
	out := mustRun(t, home, 0, "push", "--profile", accept, "--max", "2")
	if !strings.Contains(out, "2 accepted, 0 already there, 0 rejected") {
		t.Fatalf("push through accept-data: %s", out)
	}
	out = mustRun(t, home, 0, "push", "--profile", table)
	if !strings.Contains(out, "1 accepted, 0 already there, 0 rejected") || !strings.Contains(out, "0 still waiting") {
		t.Fatalf("push through the exchange table: %s", out)
	}
	// The twin station's ledger still holds all three: the receiver already has them.
	out = mustRun(t, twin, 0, "push", "--profile", accept, "--max", "2")
	if !strings.Contains(out, "0 accepted, 2 already there, 0 rejected") {
		t.Fatalf("the same items again through accept-data: %s", out)
	}
	out = mustRun(t, twin, 0, "push", "--profile", table)
	if !strings.Contains(out, "0 accepted, 1 already there, 0 rejected") || !strings.Contains(out, "0 still waiting") {
		t.Fatalf("the same item again through the exchange table: %s", out)
	}
	got := rowsStored(t, filepath.Join(dir, "repo.db"))
	if got["example-accept-data"] != [2]int{2, 2} || got["example-exchange-table"] != [2]int{1, 1} {
		t.Fatalf("rows stored: %v, want 2 accept-data and 1 exchange-table, each once", got)
	}

	// A lifecycle change goes through the exchange table as an update row.
	mustRun(t, home, 0, "suspend", "--number", "JY24201031000000", "--type", "11100000MB0143028R012", "--reason", "停业整顿")
	out = mustRun(t, home, 0, "push", "--profile", table)
	if !strings.Contains(out, "1 accepted, 0 already there, 0 rejected") {
		t.Fatalf("push of a status change: %s", out)
	}

	// Wrong credentials are refused before anything is stored.
	t.Setenv("EZZ_PUSH_CLIENT_SECRET", "guessed")
	mustRun(t, home, 0, "suspend", "--number", "JY24201031000001", "--type", "11100000MB0143028R012", "--reason", "停业整顿")
	code, out, errs := ezzRun(home, "push", "--profile", accept, "--attempts", "1")
	if code != 2 || !strings.Contains(errs, "invalid_client") {
		t.Fatalf("push with a wrong client secret: exit %d\n%s%s", code, out, errs)
	}
	t.Setenv("EZZ_PUSH_SM4_KEY", "ffffffffffffffffffffffffffffffff")
	code, out, errs = ezzRun(home, "push", "--profile", table, "--attempts", "1")
	if code != 2 || !strings.Contains(errs, "cannot decrypt") {
		t.Fatalf("push under a wrong SM4 key: exit %d\n%s%s", code, out, errs)
	}
}
