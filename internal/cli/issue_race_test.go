package cli

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/ledger"
)

// TestConcurrentIssue runs several `ezz issue` at once on one workspace (one
// station): they race for serials, and every PDF on disk must be the one its
// ledger entry names — a loser of the race never overwrites a winner's file.
func TestConcurrentIssue(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "race-test-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	run := func(args ...string) error {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), append([]string{"--home", home}, args...), strings.NewReader(""), &out, &errb); code != 0 {
			return fmt.Errorf("ezz %v: exit %d: %s", args, code, errb.String())
		}
		return nil
	}
	for _, args := range [][]string{{"init"}, {"keys", "init", "--pilot"}} {
		if err := run(args...); err != nil {
			t.Fatal(err)
		}
	}
	const n = 4
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		data := filepath.Join(dir, fmt.Sprintf("r%d.json", i))
		rec := fmt.Sprintf(`{"operator_name":"并发测试有限公司%d","holder_code":"91420103MA4K7R2Q5J","legal_rep":"张三","domicile":"某地","premises":"某地","business_form":"02","business_scope":"热食类食品制售","license_no":"JY2420103000%04d","supervisory_org":"某所","valid_until":"2031-03-14","issuing_office":"某局","issue_date":"2026-03-15"}`, i, i)
		if err := os.WriteFile(data, []byte(rec), 0o644); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- run("issue", "--template", "../../templates/food-business/template.yaml", "--data", data)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	led, err := ledger.Open(filepath.Join(home, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	for i := range n {
		c, err := led.ByNumber(context.Background(), "11100000MB0143028R012", fmt.Sprintf("JY2420103000%04d", i))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(c.Asked.PDFPath)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sm3.Sum(data); hex.EncodeToString(sum[:]) != c.Asked.PDFSM3 {
			t.Errorf("%s: the file on disk is not the certificate the ledger recorded", c.Asked.PDFPath)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(home, "out", "*.tmp")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
