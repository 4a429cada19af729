package register

import (
	"fmt"
	"strings"
	"testing"

	"ezz/internal/dataitem"
	"ezz/internal/register/regtest"

	"ezz/internal/text"
)

// TestValues: a map file's values stand for a column the register lacks:
// every row carries the value, the required item is no longer missing, and
// a bad value or a value for an item that has a column is refused.
func TestValues(t *testing.T) {
	path := write(t, regtest.SheetSpec{Name: "S", Header: []string{"持证人姓名", "统一社会信用代码", "证号"},
		Rows: [][]regtest.Cell{cells("张三", "91350100M000100Y43", "A1"), cells("李四", "91350100M000100Y43", "A2")}})
	if _, err := Open(path, testItems, nil); err != nil {
		t.Fatal(err)
	}
	reg, rows, _ := readAll(t, path, &MapFile{Values: map[string]string{"issue_date": "2024-03-01"}})
	if len(rows) != 2 || rows[1].Cells["issue_date"] != "2024-03-01" {
		t.Fatalf("got rows %+v, want issue_date on every row", rows)
	}
	if reg.Mapping()[0].Values["issue_date"] != "2024-03-01" {
		t.Errorf("the mapping does not show the value")
	}
	without, _ := Open(path, testItems, nil)
	defer without.Close()
	if err := without.Err(); err == nil || !strings.Contains(text.HintOf(err).En, "values:") {
		t.Errorf("missing column: got %v, want a hint naming values:", err)
	}
	tests := []struct {
		name   string
		values map[string]string
		want   string
	}{
		{"bad date", map[string]string{"issue_date": "2024-02-30"}, "issue_date (发证日期)"},
		{"unknown item", map[string]string{"colour": "red"}, `values: "colour" is not a data item`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(path, testItems, &MapFile{Values: tt.values})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	both, err := Open(path, testItems, &MapFile{Values: map[string]string{"issue_date": "2024-03-01", "cert_no": "X"}})
	if err != nil {
		t.Fatal(err)
	}
	defer both.Close()
	if got := problemCodes(both.Problems()); !strings.Contains(got, CodeValueAndColumn) {
		t.Errorf("got problems %s, want %s", got, CodeValueAndColumn)
	}
}

// TestValuesWithoutColumns: a sheet none of whose columns maps to an item
// still hands every row the map file's values, and they count in its key.
func TestValuesWithoutColumns(t *testing.T) {
	path := write(t, regtest.SheetSpec{Name: "S", Header: []string{"备注", "说明"},
		Rows: [][]regtest.Cell{cells("甲", "一"), cells("乙", "二")}})
	values := map[string]string{"name": "张三", "holder_code": "91350100M000100Y43", "issue_date": "2024-03-01", "cert_no": "A1"}
	reg, rows, _ := readAll(t, path, &MapFile{HeaderRow: 1, Values: values})
	if err := reg.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(rows))
	}
	for _, row := range rows {
		if fmt.Sprint(row.Cells) != fmt.Sprint(values) {
			t.Errorf("row %d: got cells %v, want %v", row.Number, row.Cells, values)
		}
	}
	other, rows2, _ := readAll(t, path, &MapFile{HeaderRow: 1, Values: map[string]string{"name": "李四", "holder_code": "91350100M000100Y43", "issue_date": "2024-03-01", "cert_no": "A1"}})
	if err := other.Err(); err != nil {
		t.Fatal(err)
	}
	if rows2[0].Key == rows[0].Key {
		t.Errorf("rows with other values have the same key %q", rows[0].Key)
	}
}

func TestParseMapFileValues(t *testing.T) {
	m, err := ParseMapFile([]byte("values:\n  supervisory_org: 武汉市江汉区市场监督管理局\n"))
	if err != nil || m.Values["supervisory_org"] != "武汉市江汉区市场监督管理局" {
		t.Fatalf("got %+v, %v", m, err)
	}
	if _, err := ParseMapFile([]byte("values:\n  supervisory_org: \"  \"\n")); err == nil {
		t.Error("an empty value is accepted")
	}
}

// TestMessagesNameHeading: a problem names the register's heading, with the
// template's label in brackets when they differ; a duplicate names the sheet
// and row of the first row in words.
func TestMessagesNameHeading(t *testing.T) {
	path := write(t, regtest.SheetSpec{Name: "特种作业人员", Header: []string{"持证人姓名", "统一社会信用代码", "发证日期", "证号"},
		Rows: [][]regtest.Cell{cells("张三", "X", "2024-01-01", "A1"), cells("李四", "X", "2024-02-30", "A1")}})
	_, rows, _ := readAll(t, path, nil)
	v, err := NewValidator(dataitem.Standard{Items: testItems}, []string{"cert_no"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.Check(rows[0]); err != nil {
		t.Fatal(err)
	}
	_, ps, err := v.Check(rows[1])
	if err != nil {
		t.Fatal(err)
	}
	reason := Reason(rows[1], ps)
	for _, want := range []string{"C列 发证日期：", "D列 证号：与工作表“特种作业人员”第 2 行重复"} {
		if !strings.Contains(reason, want) {
			t.Errorf("reason %q lacks %q", reason, want)
		}
	}
	if got := headingLabel(rows[1], "holder_code", "社会信用代码（身份证号码）"); got != "统一社会信用代码（社会信用代码（身份证号码））" {
		t.Errorf("got label %q", got)
	}
}
