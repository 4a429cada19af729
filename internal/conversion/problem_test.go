package conversion_test

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ezz/internal/ledger"
	"ezz/internal/register"
	"ezz/internal/register/regtest"
)

// TestAlreadyIssuedReason: a row whose certificate number another batch
// issued is rejected with the ledger's one refusal of that number, in
// Chinese, and what to do next, in the rejects workbook's 错误原因 column.
func TestAlreadyIssuedReason(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.xlsx"), filepath.Join(dir, "second.xlsx")
	if err := regtest.Synthetic(first, 1); err != nil {
		t.Fatal(err)
	}
	if err := regtest.Synthetic(second, 2); err != nil { // its first row is first's
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(dir, "home"), false)
	s1 := e.run(t, e.options(first))
	s2 := e.run(t, e.options(second))
	if s1.Issued != 1 || s2.Issued != 1 || s2.Rejected != 1 {
		t.Fatalf("issued %d then %d, rejected %d; want 1, 1 and 1", s1.Issued, s2.Issued, s2.Rejected)
	}
	rows, err := e.led.BatchRows(t.Context(), s1.Batch)
	if err != nil || len(rows) != 1 {
		t.Fatalf("batch rows %v, %v", rows, err)
	}
	var id string
	for _, r := range rows {
		id = r.Identifier
	}
	refusal := ledger.NumberIssued("JY24201030000000", id)
	reason := rejectReasons(t, s2.Rejects)
	if len(reason) != 1 || !strings.HasPrefix(reason[0], "J列 ") || !strings.Contains(reason[0], refusal.Msg.Zh+"；"+refusal.Hint.Zh) {
		t.Errorf("错误原因 %q, want the number's column and %q with its hint", reason, refusal.Msg.Zh)
	}
}

// rejectReasons returns the 错误原因 cells of a rejects workbook's first sheet.
func rejectReasons(t *testing.T, path string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	var out []string
	for _, r := range rows {
		if col < 0 {
			col = slices.Index(r, register.HeaderReason)
			continue
		}
		if col < len(r) {
			out = append(out, r[col])
		}
	}
	return out
}

// TestAlreadyIssuedAcrossChunks: the checkers look numbers up a chunk of rows
// at a time; every row another batch issued is rejected, in file order,
// whatever chunk it falls in, and every other row is issued.
func TestAlreadyIssuedAcrossChunks(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.xlsx"), filepath.Join(dir, "second.xlsx")
	if err := regtest.Synthetic(first, 75); err != nil {
		t.Fatal(err)
	}
	if err := regtest.Synthetic(second, 170); err != nil { // its first 75 rows are first's
		t.Fatal(err)
	}
	e := newEnv(t, filepath.Join(dir, "home"), false)
	s1 := e.run(t, e.options(first))
	s2 := e.run(t, e.options(second))
	if s1.Issued != 75 || s2.Issued != 95 || s2.Rejected != 75 {
		t.Fatalf("issued %d then %d, rejected %d; want 75, 95 and 75", s1.Issued, s2.Issued, s2.Rejected)
	}
	reasons := rejectReasons(t, s2.Rejects)
	if len(reasons) != 75 {
		t.Fatalf("%d reasons, want 75", len(reasons))
	}
	for i, r := range reasons {
		if !strings.Contains(r, "已签发过") {
			t.Errorf("reason %d: %q, want the number already issued", i, r)
		}
	}
	rows, err := e.led.BatchRows(t.Context(), s2.Batch)
	if err != nil {
		t.Fatal(err)
	}
	place := func(key string) int {
		n, _ := strconv.Atoi(key[strings.IndexByte(key, '!')+1 : strings.IndexByte(key, '#')])
		return n
	}
	top := 1 << 30
	for key := range rows {
		top = min(top, place(key))
	}
	issued := 0
	for key, r := range rows {
		taken := place(key)-top < 75 // the first 75 data rows are first's
		switch {
		case r.Identifier != "":
			issued++
			if taken {
				t.Errorf("row %s issued again", key)
			}
		case !taken:
			t.Errorf("row %s rejected: %s", key, r.RejectReason)
		}
	}
	if issued != 95 {
		t.Errorf("%d rows issued in the ledger, want 95", issued)
	}
}
