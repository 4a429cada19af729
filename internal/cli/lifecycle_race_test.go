package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentSuspend runs several `ezz suspend` of one certificate at once
// (each its own ledger connection): the state machine decides inside each
// transaction, so exactly one succeeds and the others are refused (exit 1).
func TestConcurrentSuspend(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "race-test-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	run := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := Run(context.Background(), append([]string{"--home", home, "--lang", "en"}, args...), strings.NewReader(""), &out, &errb)
		return code, out.String() + errb.String()
	}
	for _, args := range [][]string{{"init"}, {"keys", "init", "--pilot"}} {
		if code, out := run(args...); code != 0 {
			t.Fatal(out)
		}
	}
	data := filepath.Join(dir, "a.json")
	writeFile(t, data, `{"operator_name":"并发测试有限公司","holder_code":"91420103MA4K7R2Q5J","legal_rep":"张三","domicile":"某地","premises":"某地","business_form":"02","business_scope":"热食类食品制售","license_no":"JY24201030000001","supervisory_org":"某所","valid_until":"2031-03-14","issuing_office":"某局","issue_date":"2026-03-15"}`)
	if code, out := run("issue", "--template", "../../templates/food-business/template.yaml", "--data", data); code != 0 {
		t.Fatal(out)
	}
	const n = 6
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out := run("suspend", "--number", "JY24201030000001", "--type", "11100000MB0143028R012", "--reason", "并发")
			if code == 1 && !strings.Contains(out, "already suspended") {
				t.Errorf("a refused suspend says %q, want already suspended", out)
			}
			codes <- code
		}()
	}
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for c := range codes {
		got[c]++
	}
	if got[0] != 1 || got[1] != n-1 {
		t.Errorf("exit codes %v: want one 0 and %d times 1", got, n-1)
	}
	if code, out := run("check"); code != 0 {
		t.Errorf("check after the race: %s", out)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
