package register

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
)

// safeHeader is a header row the test items map onto, then row 24 empty:
// the header search (with excelize) reads no further than row 20.
const safeHeader = `<row r="1"><c t="inlineStr"><is><t>持证人姓名</t></is></c><c t="inlineStr"><is><t>统一社会信用代码</t></is></c>` +
	`<c t="inlineStr"><is><t>发证日期</t></is></c><c t="inlineStr"><is><t>证号</t></is></c></row><row r="24"/>`

// TestFastRefuses: what the fast reader does not understand ends the
// iteration with an error naming the sheet and the row, never a lost or
// altered row.
func TestFastRefuses(t *testing.T) {
	tests := []struct {
		name, rows, want string
	}{
		{"unknown type", `<row r="25"><c r="A25" t="x"><v>1</v></c></row>`, `sheet "S": row 25: cell A25: unknown cell type t="x"`},
		{"rows out of order", `<row r="26"><c><v>1</v></c></row><row r="25"><c><v>2</v></c></row>`, `row 25 comes after row 26`},
		{"cells out of order", `<row r="25"><c r="B25"><v>1</v></c><c r="A25"><v>2</v></c></row>`, `row 25: cell A25 comes after cell B25`},
		{"bad entity", `<row r="25"><c t="inlineStr"><is><t>a &nbsp; b</t></is></c></row>`, `row 25: cell A25: invalid character entity &nbsp;`},
		{"bad char ref", `<row r="25"><c t="str"><v>&#0;</v></c></row>`, `row 25: cell A25: invalid character entity &#0;`},
		{"control char", "<row r=\"25\"><c t=\"str\"><v>a\x01</v></c></row>", `row 25: cell A25: illegal character code U+0001`},
		{"bad utf-8", "<row r=\"25\"><c t=\"str\"><v>a\xff</v></c></row>", `row 25: cell A25: invalid UTF-8`},
		{"shared string out of range", `<row r="25"><c t="s"><v>7</v></c></row>`, `row 25: cell A25: shared string "7" not in the workbook's 0 shared strings`},
		{"shared string not a number", `<row r="25"><c t="s"><v>x</v></c></row>`, `row 25: cell A25: shared string "x"`},
		{"bad cell reference", `<row r="25"><c r="2B"><v>1</v></c></row>`, `row 25: bad cell reference r="2B"`},
		{"bad row number", `<row r="x"><c><v>1</v></c></row>`, `row 25: bad row number r="x"`},
		{"mismatched tags", `<row r="25"><c><v>1</v></row></c>`, `row 25: cell A25: element <c> closed by </row>`},
		{"unknown element in row", `<row r="25"><d><v>1</v></d></row>`, `row 25: unexpected element <d> in a row`},
		{"row too long", `<row r="25">` + strings.Repeat(`<c t="str"><v>`+strings.Repeat("长", 300000)+`</v></c>`, 20) + `</row>`, `row 25: cell S25: the row holds more than 16 MiB of text`},
		{"cell too long", `<row r="25"><c t="str"><v>` + strings.Repeat("x", 1<<20+1) + `</v></c></row>`, `row 25: cell A25: a cell holds more than 1048576 bytes`},
		{"cell between rows", `<row r="25"><c><v>1</v></c></row><c><v>2</v></c>`, `row 26: unexpected element <c> between rows`},
		{"two inline strings", `<row r="25"><c t="inlineStr"><is><t>a</t></is><is><t>b</t></is></c></row>`, `row 25: cell A25: two inline strings`},
		{"doctype", `<!DOCTYPE x [<!ENTITY e "boom">]><row r="25"></row>`, `row 25: unsupported XML declaration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := zipBook(t, []string{"S"}, map[string]string{
				"xl/worksheets/sheet1.xml": worksheet("", safeHeader+tt.rows),
			})
			reg, err := Open(path, testItems, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer reg.Close()
			it := reg.Rows(context.Background())
			defer it.Close()
			for it.Next() {
				if r := it.Row(); r.Raw[0] != "1" { // a row read whole before the error (out of order, cell between rows)
					t.Errorf("got row %d %q, want an error", r.Number, r.Raw)
				}
			}
			err = it.Err()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
			var h interface{ Hint() string }
			if !errors.As(err, &h) || !strings.Contains(h.Hint(), "save it again as .xlsx") {
				t.Errorf("error %v has no hint", err)
			}
		})
	}
}

// TestFastTruncated: a worksheet cut short is an error, not a short sheet.
func TestFastTruncated(t *testing.T) {
	full := worksheet("", safeHeader+`<row r="25"><c t="inlineStr"><is><t>张三</t></is></c></row><row r="26"><c><v>1</v></c></row>`)
	cut := full[:strings.Index(full, `<row r="26">`)+15]
	rd := newSheetReader(strings.NewReader(cut), nil)
	var err error
	for n := 1; n > 0 && err == nil; {
		n, _, err = rd.next()
	}
	if err == nil || !strings.Contains(err.Error(), "row 26") {
		t.Errorf("got %v, want an error at row 26", err)
	}
}

// TestFastFallback: a workbook whose parts the fast reader does not take
// as they are (here a worksheet in another encoding) is read with excelize.
func TestFastFallback(t *testing.T) {
	ws := strings.Replace(worksheet("", safeHeader+`<row r="2"><c t="inlineStr"><is><t>张三</t></is></c><c t="inlineStr"><is><t>A1</t></is></c></row>`),
		`encoding="UTF-8"`, `encoding="utf8"`, 1)
	path := zipBook(t, []string{"S"}, map[string]string{"xl/worksheets/sheet1.xml": ws})
	_, rows, _ := readAll(t, path, nil)
	if len(rows) != 1 || rows[0].Raw[0] != "张三" {
		t.Errorf("got %v, want the one row through excelize", rows)
	}
}

// FuzzSheetReader: hostile worksheet XML never panics nor loops; every row
// handed out is numbered above the one before.
func FuzzSheetReader(f *testing.F) {
	f.Add([]byte(worksheet("x", handSheet)))
	f.Add([]byte(worksheet("", safeHeader+`<row r="2"><c r="B2" t="s"><v>1</v></c><c t="inlineStr"><is><r><t>a</t></r></is></c></row>`)))
	f.Add([]byte(`<sheetData><row><c t="e"><f>x</f><v>#N/A</v></c></row><row r="9"/></sheetData>`))
	f.Add([]byte(`<row r="2"><c t="str"><v><![CDATA[x]]>&#x10FFFF;&amp;</v></c></row><!-- -->`))
	sst := []string{"a", "", "中文"}
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := newSheetReader(bytes.NewReader(data), sst)
		last := 0
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatalf("more rows (%d) than bytes (%d)", i, len(data))
			}
			num, cells, err := rd.next()
			if err != nil || num == 0 {
				return
			}
			if num <= last || len(cells) > maxRowCells {
				t.Fatalf("row %d after %d with %d cells", num, last, len(cells))
			}
			last = num
		}
	})
}

// FuzzSST: hostile shared strings never panic.
func FuzzSST(f *testing.F) {
	f.Add([]byte(handSST))
	f.Add([]byte(`<sst><si><t>a</t><r><t>b</t></r></si><si/></sst>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ss, err := readSST(bytes.NewReader(data))
		if err == nil && len(ss) > len(data) {
			t.Fatalf("%d strings from %d bytes", len(ss), len(data))
		}
	})
}

// TestKeyHashUnchanged: the row key's hash is the one earlier runs stored
// (SHA-256 over id NUL value NUL in id order, first 8 bytes in hex), so that
// resuming a batch still recognises finished rows.
func TestKeyHashUnchanged(t *testing.T) {
	cells := map[string]string{"name": "张三", "cert_no": "JY1", "issue_date": "", "z": "_x"}
	h := sha256.New()
	for _, id := range []string{"cert_no", "issue_date", "name", "z"} {
		h.Write([]byte(id + "\x00" + cells[id] + "\x00"))
	}
	want := hex.EncodeToString(h.Sum(nil)[:8])
	if got := cellsHash(cells); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	s := &Sheet{Name: "S", itemCol: map[string]int{"name": 0, "cert_no": 1, "issue_date": 2, "z": 3}, originCol: -1}
	if got := newRow(s, 7, []string{"张三", "JY1", "", "_x"}).Key; got != "S!7#"+want {
		t.Errorf("got key %s, want S!7#%s", got, want)
	}
	long := map[string]string{"a": strings.Repeat("长", 2000)}
	h.Reset()
	h.Write([]byte("a\x00" + long["a"] + "\x00"))
	if got := cellsHash(long); got != hex.EncodeToString(h.Sum(nil)[:8]) {
		t.Errorf("long cells: got %s", got)
	}
}

// TestFastSameFile: the rows come from the file Open read, even when the
// path is replaced before the rows are read (a clerk saving the workbook).
func TestFastSameFile(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	path := synthetic(t, 5)
	reg, err := Open(path, tpl.Items, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if err := os.Rename(synthetic(t, 50), path); err != nil {
		t.Fatal(err)
	}
	it := reg.Rows(context.Background())
	defer it.Close()
	n := 0
	for it.Next() {
		n++
	}
	if it.Err() != nil || n != 5 || it.fast != 1 {
		t.Errorf("got %d rows (%v, %d sheets fast), want the 5 of the file opened, read fast", n, it.Err(), it.fast)
	}
}

// TestFastOpenRefuses: an error in the rows the header search reads makes
// Open fail, naming the sheet and row, with the hint.
func TestFastOpenRefuses(t *testing.T) {
	path := zipBook(t, []string{"S"}, map[string]string{
		"xl/worksheets/sheet1.xml": worksheet("", `<row r="1"><c t="x"><v>1</v></c></row>`),
	})
	_, err := Open(path, testItems, nil)
	var h interface{ Hint() string }
	if err == nil || !strings.Contains(err.Error(), `sheet "S": row 1: cell A1: unknown cell type t="x"`) || !errors.As(err, &h) {
		t.Errorf("got %v, want an error at S row 1 with a hint", err)
	}
}
