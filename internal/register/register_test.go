package register

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/register/regtest"

	"ezz/internal/text"
)

// write writes sheets into a workbook in a temporary directory.
func write(t *testing.T, sheets ...regtest.SheetSpec) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.xlsx")
	if err := regtest.Write(path, sheets); err != nil {
		t.Fatal(err)
	}
	return path
}

func cells(s ...string) []regtest.Cell {
	out := make([]regtest.Cell, len(s))
	for i, v := range s {
		out[i] = regtest.T(v)
	}
	return out
}

// readAll opens path and returns its rows, failing on mapping errors.
func readAll(t *testing.T, path string, m *MapFile) (*Register, []Row, Stats) {
	t.Helper()
	reg, err := Open(path, testItems, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	if err := reg.Err(); err != nil {
		t.Fatalf("mapping: %v", err)
	}
	rows, stats := collectRows(t, reg)
	return reg, rows, stats
}

// collectRows reads every row of reg.
func collectRows(tb testing.TB, reg *Register) ([]Row, Stats) {
	tb.Helper()
	it := reg.Rows(context.Background())
	defer it.Close()
	var rows []Row
	for it.Next() {
		rows = append(rows, it.Row())
	}
	if err := it.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows, it.Stats()
}

func TestHeaderBelowTitle(t *testing.T) {
	path := write(t, regtest.SheetSpec{
		Name:   "台账",
		Title:  []string{"某某证发证台账", "填报单位：某局"},
		Header: []string{"序号", "持证人姓名", "社会信用代码\n（身份证号码）", "颁发日期：", "证号"},
		Rows: [][]regtest.Cell{
			cells("1", "张三", "91350100M000100Y43", "2020-01-02", "A1"),
			nil,
			append(cells("2", "李四", "91350100M000100Y43"), regtest.D(regtest.DateTime(2021, 3, 1)), regtest.T("A2")),
		},
	})
	reg, rows, st := readAll(t, path, nil)
	s := reg.Mapping()[0]
	if s.HeaderRow != 3 {
		t.Errorf("header row: got %d, want 3", s.HeaderRow)
	}
	if got := s.ItemColumn("holder_code"); got != "C" {
		t.Errorf("holder_code column: got %q, want C", got)
	}
	if len(rows) != 2 || st.Rows != 2 || st.Empty != 1 {
		t.Fatalf("got %d rows, stats %+v; want 2 rows, 1 empty", len(rows), st)
	}
	if rows[1].Number != 6 || rows[1].Cells["issue_date"] != "44256" {
		t.Errorf("row 2: got number %d, issue_date %q; want 6, the serial 44256", rows[1].Number, rows[1].Cells["issue_date"])
	}
	if got := problemCodes(reg.Problems()); got != "warning:unmapped-column:A" {
		t.Errorf("problems: got %q, want the 序号 column unmapped", got)
	}
}

func problemCodes(ps []MapProblem) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Severity+":"+p.Code+":"+p.Column+p.Item)
	}
	return strings.Join(out, ",")
}

func TestMappingProblems(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   string
	}{
		{"missing required", []string{"姓名", "证号", "有效期"}, "error:missing-column:holder_code,error:missing-column:issue_date"},
		{"duplicate column", []string{"姓名", "持证人姓名", "统一社会信用代码", "发证日期", "证号"}, "error:duplicate-column:Bname"},
		{"ambiguous", []string{"姓名", "统一社会信用代码", "发证日期", "证号", "编号"}, "error:ambiguous-column:E"},
		{"rejects columns ignored", []string{"姓名", "统一社会信用代码", "发证日期", "证号", "原行号", "错误原因"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, regtest.SheetSpec{Name: "S", Header: tt.header})
			reg, err := Open(path, testItems, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer reg.Close()
			if got := problemCodes(reg.Problems()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if (reg.Err() != nil) != (tt.want != "") {
				t.Errorf("Err: got %v, want an error: %v", reg.Err(), tt.want != "")
			}
		})
	}
}

func TestNoHeader(t *testing.T) {
	path := write(t, regtest.SheetSpec{Name: "S", Header: []string{"甲", "乙", "丙"}})
	reg, err := Open(path, testItems, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	err = reg.Err()
	if err == nil || text.HintOf(err).IsZero() {
		t.Fatalf("got %v, want an error with a hint", err)
	}
	it := reg.Rows(context.Background())
	if it.Next() || it.Err() == nil {
		t.Errorf("Rows on an unmapped register: want no rows and an error")
	}
}

func TestSeveralSheets(t *testing.T) {
	h := []string{"姓名", "统一社会信用代码", "发证日期", "证号"}
	path := write(t,
		regtest.SheetSpec{Name: "说明", Title: []string{"填表说明：日期写成 2020-01-02"}},
		regtest.SheetSpec{Name: "2020", Header: h, Rows: [][]regtest.Cell{cells("甲", "x", "2020-01-02", "1")}},
		regtest.SheetSpec{Name: "2021", Title: []string{"2021年"}, Header: h, Rows: [][]regtest.Cell{cells("乙", "y", "2021-01-02", "2"), cells("丙", "z", "2021-01-03", "3")}},
	)
	reg, rows, _ := readAll(t, path, nil)
	if len(reg.Mapping()) != 2 || len(rows) != 3 {
		t.Fatalf("got %d sheets, %d rows; want 2, 3", len(reg.Mapping()), len(rows))
	}
	if rows[2].Sheet != "2021" || rows[2].Number != 4 || rows[2].Origin != "2021!4" {
		t.Errorf("last row: got %s row %d origin %s, want 2021 row 4", rows[2].Sheet, rows[2].Number, rows[2].Origin)
	}
	if got := problemCodes(reg.Problems()); got != "warning:sheet-skipped:" {
		t.Errorf("problems: got %q, want the 说明 sheet skipped", got)
	}
	_, only, _ := readAll(t, path, &MapFile{Sheet: "2020"})
	if len(only) != 1 || only[0].Cells["name"] != "甲" {
		t.Errorf("sheet 2020 only: got %d rows", len(only))
	}
}

func TestMapFile(t *testing.T) {
	path := write(t, regtest.SheetSpec{Name: "S", Title: []string{"台账"},
		Header: []string{"名字", "代码", "日期", "证书号", "备注"},
		Rows:   [][]regtest.Cell{cells("甲", "91350100M000100Y43", "2020-01-02", "N1", "无")}})
	m, err := ParseMapFile([]byte("header_row: 2\ncolumns:\n  名字: name\n  B: holder_code\n  \"日 期\": issue_date\n  D: cert_no\n  备注: \"-\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	reg, rows, _ := readAll(t, path, m)
	if len(reg.Problems()) != 0 {
		t.Errorf("problems: got %v, want none", reg.Problems())
	}
	want := map[string]string{"name": "甲", "holder_code": "91350100M000100Y43", "issue_date": "2020-01-02", "cert_no": "N1"}
	for k, v := range want {
		if rows[0].Cells[k] != v {
			t.Errorf("%s: got %q, want %q", k, rows[0].Cells[k], v)
		}
	}
	if _, err := Open(path, testItems, &MapFile{Columns: map[string]string{"A": "nope"}}); err == nil {
		t.Error("a map file naming an unknown item: want an error")
	}
}

func TestParseMapFile(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"empty", "", true},
		{"full", "sheet: S\nheader_row: 3\ncolumns: {A: name}\n", true},
		{"unknown key", "sheets: S\n", false},
		{"negative row", "header_row: -1\n", false},
		{"empty item", "columns: {A: \"\"}\n", false},
		{"not yaml", "columns: [\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMapFile([]byte(tt.in))
			if (err == nil) != tt.ok {
				t.Errorf("got %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestKey(t *testing.T) {
	s := &Sheet{Name: "S", itemCol: map[string]int{"name": 0, "cert_no": 1}, originCol: 2}
	a := newRow(s, 5, []string{"甲", "1"})
	b := newRow(s, 5, []string{"甲", "2"})
	c := newRow(s, 9, []string{"甲", "1", "原表!5"})
	if a.Key == b.Key {
		t.Error("an edited row kept its key")
	}
	if a.Origin != "S!5" || c.Origin != "原表!5" || strings.HasPrefix(c.Key, "S!") {
		t.Errorf("origins: got %q, %q", a.Origin, c.Origin)
	}
	if newRow(s, 5, []string{"甲", "1"}).Key != a.Key {
		t.Error("the same row gave two keys")
	}
}
