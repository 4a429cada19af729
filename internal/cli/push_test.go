package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// ezzRun runs ezz in-process with --home home and returns the exit code and output.
func ezzRun(home string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"--home", home, "--lang", "en"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// serveRepository runs ezz repository serve on 127.0.0.1 until the test ends.
func serveRepository(t *testing.T, dir, chain string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	addr := filepath.Join(dir, "addr")
	go func() {
		var out, errb bytes.Buffer
		args := append([]string{"repository", "serve", "--listen", "127.0.0.1:0", "--addr-file", addr,
			"--db", filepath.Join(dir, "repo.db"), "--trust", chain}, extra...)
		code := Run(ctx, args, strings.NewReader(""), &out, &errb)
		if ctx.Err() == nil {
			fmt.Fprintf(os.Stderr, "the repository stopped: exit %d\n%s%s", code, out.String(), errb.String())
		}
		done <- code
	}()
	t.Cleanup(func() { cancel(); <-done })
	for i := 0; i < 200; i++ {
		if b, err := os.ReadFile(addr); err == nil && len(b) > 0 {
			return "http://" + string(b)
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("the repository did not start")
	return ""
}

func TestPushEndToEnd(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "push-test-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	must := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := ezzRun(home, args...)
		if code != want {
			t.Fatalf("ezz %v: exit %d, want %d\n%s%s", args, code, want, out, errs)
		}
		return out + errs
	}
	must(0, "init")
	must(0, "keys", "init", "--pilot")
	var pdfs []string
	for i := range 3 {
		data := filepath.Join(dir, fmt.Sprintf("r%d.json", i))
		rec := fmt.Sprintf(`{"operator_name":"推送测试有限公司%d","holder_code":"91420103MA4K7R2Q5J","legal_rep":"张三","domicile":"某地","premises":"某地","business_form":"02","business_scope":"热食类食品制售","license_no":"JY2420103000%04d","supervisory_org":"某所","valid_until":"2031-03-14","issuing_office":"某局","issue_date":"2026-03-15"}`, i, i)
		os.WriteFile(data, []byte(rec), 0o644)
		must(0, "issue", "--template", "../../templates/food-business/template.yaml", "--data", data)
	}
	pdfs, _ = filepath.Glob(filepath.Join(home, "out", "*.pdf"))
	chain := filepath.Join(home, "keys", "issuer-chain.pem")
	url := serveRepository(t, dir, chain)

	// Two days later: one item pushed late, two still waiting and overdue: exit 1.
	t.Setenv(testNowVar, "2026-06-05T02:00:00Z")
	out := must(1, "--json", "push", "--to", url, "--max", "1")
	var rep struct {
		Pushed, Waiting, Overdue int
		Deadlines                []struct{ Items, Met, Late int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("push --json: %v\n%s", err, out)
	}
	if rep.Pushed != 1 || rep.Waiting != 2 || rep.Overdue != 2 || len(rep.Deadlines) != 1 || rep.Deadlines[0].Late != 1 {
		t.Fatalf("push report %+v, want 1 pushed late, 2 waiting and overdue", rep)
	}
	t.Setenv(testNowVar, "2026-06-01T03:00:00Z")
	out = must(0, "push", "--to", url, "--attempts", "2")
	if !strings.Contains(out, "2 accepted, 0 already there, 0 rejected") || !strings.Contains(out, "0 still waiting") {
		t.Fatalf("push: %s", out)
	}

	// The repository answers status look-ups for verifiers.
	out = must(0, "verify", "--online", url, pdfs[0])
	if !strings.Contains(out, "valid") {
		t.Fatalf("verify --online: %s", out)
	}
	code, out, _ := ezzRun(home, "--json", "verify", "--online", "http://127.0.0.1:1", pdfs[0])
	if code == 2 || !strings.Contains(out, "status look-up failed") || !strings.Contains(out, `"not-checked"`) {
		t.Fatalf("verify against an unreachable repository: exit %d\n%s", code, out)
	}

	// --require-status: not knowing the status is an environment failure (exit 2), not a verdict.
	code, out, errs := ezzRun(home, "verify", "--require-status", "--online", "http://127.0.0.1:1", pdfs[0])
	if code != 2 || !strings.Contains(errs, "the status could not be checked: status look-up failed") {
		t.Fatalf("verify --require-status against an unreachable repository: exit %d, want 2\n%s%s", code, out, errs)
	}
	must(0, "verify", "--require-status", "--online", url, pdfs[0])

	// A signed status list, trusted until its next_update, stale after.
	list := filepath.Join(dir, "list.json")
	must(0, "status-list", "make", "-o", list, "--valid-for", "24h")
	out = must(0, "--json", "verify", "--status-list", list, pdfs[1])
	if !strings.Contains(out, "status list") {
		t.Fatalf("verify --status-list: %s", out)
	}
	// The agency posts its signed list; the repository publishes it, and
	// refuses an older one afterwards.
	out = must(0, "--json", "status-list", "push", "--to", url, "--receiver", filepath.Join(dir, "repo.db.receiver.pem"))
	var posted struct {
		KeyID    string `json:"key_id"`
		IssuedAt string `json:"issued_at"`
	}
	json.Unmarshal([]byte(out), &posted)
	if posted.KeyID == "" || posted.IssuedAt != "2026-06-01T03:00:00Z" {
		t.Fatalf("status-list push: %s", out)
	}
	resp, err := http.Get(url + "/v1/status-lists/" + posted.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	published, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(published, []byte(`ezz/status-list/v`)) {
		t.Fatalf("the published list: HTTP %d %s", resp.StatusCode, published)
	}
	t.Setenv(testNowVar, "2026-06-01T02:30:00Z")
	code, out, errs = ezzRun(home, "status-list", "push", "--to", url)
	if code != 2 || !strings.Contains(errs, "a newer status list of this key is kept") {
		t.Fatalf("an older status list: exit %d, want 2\n%s%s", code, out, errs)
	}
	t.Setenv(testNowVar, "2026-06-01T03:00:00Z")
	// A list that names an issuer code its key is not bound to (an office the
	// receiver was not told of) is refused: it speaks only for its key's codes.
	config := filepath.Join(home, "config.yaml")
	plain, _ := os.ReadFile(config)
	os.WriteFile(config, append(slices.Clone(plain), "offices:\n  - name: 某分局\n    code: 11420104MB1845673K\n"...), 0o644)
	t.Setenv(testNowVar, "2026-06-01T04:00:00Z")
	code, out, errs = ezzRun(home, "status-list", "push", "--to", url)
	if code != 2 || !strings.Contains(errs, "names issuer code 11420104MB1845673K in issuers: a list speaks only for its signer's agency") {
		t.Fatalf("a status list naming another issuer code: exit %d, want 2\n%s%s", code, out, errs)
	}
	os.WriteFile(config, plain, 0o644)
	t.Setenv(testNowVar, "2026-06-01T03:00:00Z")

	code, out, _ = ezzRun(home, "--json", "verify", "--status-list", list, "--at", "2026-06-03", pdfs[1])
	if code == 2 || !strings.Contains(out, "is stale: its next_update") || !strings.Contains(out, `"not-checked"`) {
		t.Fatalf("a stale status list: exit %d\n%s", code, out)
	}
	code, out, _ = ezzRun(home, "--json", "verify", "--require-status", "--status-list", list, "--at", "2026-06-03", pdfs[1])
	if code != 2 || !strings.Contains(out, "is stale: its next_update") {
		t.Fatalf("a stale status list with --require-status: exit %d, want 2\n%s", code, out)
	}

	// Profiles lint; a broken one exits 1.
	must(0, "push", "profile", "lint", "ezz", "example-accept-data", "example-exchange-table")
	os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("format: ezz/push-profile/v1\nname: x\nprotocol: fax\nurl: http://example.com\nauth: {type: none}\n"), 0o644)
	out = must(1, "push", "profile", "lint", filepath.Join(dir, "bad.yaml"))
	if !strings.Contains(out, `protocol "fax"`) || !strings.Contains(out, "https://") {
		t.Fatalf("lint of a bad profile: %s", out)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "bundle-test-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	must := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := ezzRun(home, args...)
		if code != want {
			t.Fatalf("ezz %v: exit %d, want %d\n%s%s", args, code, want, out, errs)
		}
		return out + errs
	}
	must(0, "init")
	must(0, "keys", "init", "--pilot")
	data := filepath.Join(dir, "r.json")
	os.WriteFile(data, []byte(`{"operator_name":"离线测试有限公司","holder_code":"91420103MA4K7R2Q5J","legal_rep":"张三","domicile":"某地","premises":"某地","business_form":"02","business_scope":"热食类食品制售","license_no":"JY24201030009999","supervisory_org":"某所","valid_until":"2031-03-14","issuing_office":"某局","issue_date":"2026-03-15"}`), 0o644)
	must(0, "issue", "--template", "../../templates/food-business/template.yaml", "--data", data)
	chain := filepath.Join(home, "keys", "issuer-chain.pem")
	b := filepath.Join(dir, "out.zip")
	must(0, "bundle", "export", b)
	must(0, "bundle", "verify", b)
	db := filepath.Join(dir, "repo.db")
	out := must(0, "repository", "import", b, "--db", db, "--trust", chain)
	if !strings.Contains(out, "1 accepted") {
		t.Fatalf("import: %s", out)
	}
	out = must(0, "repository", "import", b, "--db", db, "--trust", chain)
	if !strings.Contains(out, "0 accepted, 1 already there") {
		t.Fatalf("second import: %s", out)
	}
	receipts, receiver := filepath.Join(dir, "out.receipts.json"), db+".receiver.pem"
	good, _ := os.ReadFile(receipts)
	// Receipts changed after the receiver signed them are refused: exit 1, nothing marked.
	forged := bytes.Replace(good, []byte(`"result":"duplicate"`), []byte(`"result":"accepted"`), 1)
	if bytes.Equal(forged, good) {
		t.Fatalf("the receipts do not read as expected:\n%s", good)
	}
	os.WriteFile(receipts, forged, 0o644)
	code, out, errs := ezzRun(home, "bundle", "receipt", receipts, "--receiver", receiver)
	if code != 1 || !strings.Contains(errs, "its signature does not verify with the receiver's certificate") {
		t.Fatalf("tampered receipts: exit %d, want 1\n%s%s", code, out, errs)
	}
	os.WriteFile(receipts, good, 0o644)
	out = must(0, "bundle", "receipt", receipts, "--receiver", receiver)
	if !strings.Contains(out, "marked 1 entries pushed") {
		t.Fatalf("receipt: %s", out)
	}
	// A bundle with one byte changed fails verification.
	raw, _ := os.ReadFile(b)
	i := bytes.Index(raw, []byte(`"station":"`))
	raw[i+11] ^= 1
	os.WriteFile(b, raw, 0o644)
	code, out, errs = ezzRun(home, "bundle", "verify", b)
	if code != 1 {
		t.Fatalf("tampered bundle: exit %d, want 1\n%s%s", code, out, errs)
	}
}
