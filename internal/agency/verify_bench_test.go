package agency

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkVerifyFiles verifies copies of one issued food-business
// certificate through VerifyFiles (every check, the ledger's status, the
// access log), with one goroutine per CPU (the default) and with one:
// files/s is the figure issue 16 sets its bar for.
func BenchmarkVerifyFiles(b *testing.B) {
	const copies = 200
	a, pdf := issuedPDF(b)
	ctx := context.Background()
	dir := b.TempDir()
	names := make([]string, copies)
	for i := range names {
		names[i] = filepath.Join(dir, fmt.Sprintf("c%03d.pdf", i))
		if err := os.WriteFile(names[i], pdf, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, procs := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			files := 0
			for b.Loop() {
				reports, err := a.VerifyFiles(ctx, names, VerifyOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if reports[copies-1].Verdict != "valid" {
					b.Fatalf("verdict %q", reports[copies-1].Verdict)
				}
				files += len(reports)
			}
			b.ReportMetric(float64(files)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// issuedPDF opens a new pilot workspace and issues one food-business
// certificate in it: the agency and the certificate's file.
func issuedPDF(tb testing.TB) (*Agency, []byte) {
	tb.Helper()
	tb.Setenv("EZZ_KEY_PASSPHRASE", "bench-passphrase")
	a := pilotAgency(tb)
	ctx := context.Background()
	if _, err := a.KeysInitPilot(ctx, false); err != nil {
		tb.Fatal(err)
	}
	data := `{"operator_name":"武汉市江汉区味之源餐饮管理有限公司","holder_code":"91420103MA4K7R2Q5J","legal_rep":"刘䶮","domicile":"湖北省武汉市江汉区建设大道568号","premises":"湖北省武汉市江汉区解放大道690号","business_form":"02","business_scope":"热食类食品制售","license_no":"JY24201030012345","supervisory_org":"武汉市江汉区市场监督管理局","valid_until":"2031-03-14","issuing_office":"武汉市江汉区市场监督管理局","issue_date":"2026-03-15"}`
	is, err := a.Issue(ctx, IssueOptions{Template: "../../templates/food-business/template.yaml"}, []byte(data))
	if err != nil {
		tb.Fatal(err)
	}
	pdf, err := os.ReadFile(is.Path)
	if err != nil {
		tb.Fatal(err)
	}
	return a, pdf
}
