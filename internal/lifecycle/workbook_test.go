package lifecycle

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ezz/internal/text"
)

func writeBook(t *testing.T, rows [][]string) string {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "changes.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadWorkbook(t *testing.T) {
	path := writeBook(t, [][]string{
		{"证照标识", "证照编号", "操作", "原因", "有效期至", "经营场所"},
		{"1.2.156.3005.2.X.Y.S1.001.Z", "", "吊销", "违法经营", "", ""},
		{"", "JY123", "extend", "到期延续", "2031-12-31", ""},
		{"", "JY124", "alter", "地址变更", "", "新地址 1 号"},
		{},
		{"", "JY125", "extend", "到期延续", "2031/12/31", ""},
		{"", "", "cancel", "x", "", ""},
		{"", "JY126", "burn", "x", "", ""},
		{"", "JY127", "revoke", "", "", ""},
		{"", "JY128", "suspend", "x", "", "不该有"},
	})
	header, reqs, bad, err := ReadWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(header) != 6 || len(reqs) != 8 {
		t.Fatalf("got %d header cells and %d requests, want 6 and 8", len(header), len(reqs))
	}
	if r := reqs[0]; r.Action != Revoke || r.Row != "Sheet1!2" || r.Reason != "违法经营" {
		t.Errorf("row 2: got %+v", r)
	}
	if r := reqs[2]; r.Action != Alter || r.Values["经营场所"] != "新地址 1 号" {
		t.Errorf("row 4: got %+v", r)
	}
	want := map[string]string{"Sheet1!6": "YYYY-MM-DD", "Sheet1!7": "neither", "Sheet1!8": "unknown action",
		"Sheet1!9": "no reason", "Sheet1!10": "takes no new values"}
	for k, w := range want {
		if !strings.Contains(bad[k].En, w) {
			t.Errorf("%s: got problem %q, want %q", k, bad[k], w)
		}
	}
	if len(bad) != len(want) {
		t.Errorf("problems: got %v", bad)
	}
}

func TestReadWorkbookRefuses(t *testing.T) {
	for name, rows := range map[string][][]string{
		"no action column": {{"证照标识", "原因"}},
		"two reasons":      {{"证照标识", "操作", "原因", "reason"}},
		"empty":            {},
		"long cell":        {{"证照标识", "操作", "原因"}, {strings.Repeat("x", maxCell+1), "revoke", "x"}},
	} {
		if _, _, _, err := ReadWorkbook(writeBook(t, rows)); err == nil {
			t.Errorf("%s: got nil error", name)
		}
	}
	if _, _, _, err := ReadWorkbook(t.TempDir()); err == nil {
		t.Error("a directory was read as a workbook")
	}
}

func TestWriteRejects(t *testing.T) {
	path := writeBook(t, [][]string{{"证照编号", "操作", "原因"}, {"JY1", "resume", "x"}})
	header, reqs, _, err := ReadWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	out := RejectsPath(path)
	if err := WriteRejects(out, header, []Rejected{{Request: reqs[0], Reason: text.New("证照未被暂扣", "not suspended")}}); err != nil {
		t.Fatal(err)
	}
	h2, again, bad, err := ReadWorkbook(out)
	if err != nil || len(again) != 1 || again[0].Number != "JY1" || len(h2) != 5 || len(bad) != 0 {
		t.Fatalf("rejects workbook read back: %v %+v %v %v", h2, again, bad, err)
	}
	if cells := again[0].Cells; len(cells) != 5 || cells[3] != "证照未被暂扣" || cells[4] != "not suspended" {
		t.Errorf("reject reason columns: got %q", cells)
	}
}
