package register

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/register/regtest"
	"ezz/internal/text"
)

// safeHeader is a header row the test items map onto, then row 24 empty:
// the header search (with excelize) reads no further than row 20.
func zipBook(t *testing.T, sheets []string, parts map[string]string) string {
	return regtest.ZipBook(t, sheets, parts)
}

func worksheet(prefix, data string) string { return regtest.Worksheet(prefix, data) }

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
		{"row too long", `<row r="25">` + strings.Repeat(`<c t="str"><v>`+hanNoise(300000)+`</v></c>`, 20) + `</row>`, `row 25: cell S25: the row holds more than 16 MiB of text`},
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
			if !strings.Contains(text.HintOf(err).En, "save it again as .xlsx") {
				t.Errorf("error %v has no hint", err)
			}
		})
	}
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
	if got := string(hashCells(nil, idKeys("cert_no", "issue_date", "name", "z"), cells)); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	s := &Sheet{Name: "S", itemCol: map[string]int{"name": 0, "cert_no": 1, "issue_date": 2, "z": 3}, originCol: -1}
	if got := newRow(s, 7, []string{"张三", "JY1", "", "_x"}).Key; got != "S!7#"+want {
		t.Errorf("got key %s, want S!7#%s", got, want)
	}
	long := map[string]string{"a": strings.Repeat("长", 2000)}
	h.Reset()
	h.Write([]byte("a\x00" + long["a"] + "\x00"))
	if got := string(hashCells(nil, idKeys("a"), long)); got != hex.EncodeToString(h.Sum(nil)[:8]) {
		t.Errorf("long cells: got %s", got)
	}
	// the map file's values count as cells; a short
	// row's missing cells are empty; a 原行号 cell is the key's place
	s = &Sheet{Name: "S", itemCol: map[string]int{"name": 0, "cert_no": 1, "tail": 5}, originCol: 2,
		Values: map[string]string{"issue_date": "2024-01-31", "z": "fixed"}}
	h.Reset()
	for _, kv := range [][2]string{{"cert_no", "JY1"}, {"issue_date", "2024-01-31"}, {"name", "张三"}, {"tail", ""}, {"z", "fixed"}} {
		h.Write([]byte(kv[0] + "\x00" + kv[1] + "\x00"))
	}
	want = hex.EncodeToString(h.Sum(nil)[:8])
	for _, sheet := range []*Sheet{s, {Name: s.Name, itemCol: s.itemCol, originCol: 2, Values: s.Values, keys: s.newKeyCells()}} {
		r := newRow(sheet, 9, []string{"张三", "JY1", " 江汉区!12 "})
		if r.Key != "江汉区!12#"+want || r.Origin != "江汉区!12" || r.Cells["z"] != "fixed" || r.Cells["issue_date"] != "2024-01-31" {
			t.Errorf("got key %s, origin %s, cells %v; want 江汉区!12#%s", r.Key, r.Origin, r.Cells, want)
		}
	}
}

// hashCells is the key's hash of cells, keys sorted by id, appended to dst.
func hashCells(dst []byte, keys []keyCell, cells map[string]string) []byte {
	var b []byte
	for _, k := range keys {
		b = appendCell(b, k.id, cells[k.id])
	}
	return appendHash(dst, b)
}

func idKeys(ids ...string) []keyCell {
	keys := make([]keyCell, len(ids))
	for i, id := range ids {
		keys[i].id = id
	}
	return keys
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
	if it.Err() != nil || n != 5 {
		t.Errorf("got %d rows (%v), want the 5 of the file opened", n, it.Err())
	}
}

// TestFastOpenRefuses: an error in the rows the header search reads makes
// Open fail, naming the sheet and row, with the hint.
func TestFastOpenRefuses(t *testing.T) {
	path := zipBook(t, []string{"S"}, map[string]string{
		"xl/worksheets/sheet1.xml": worksheet("", `<row r="1"><c t="x"><v>1</v></c></row>`),
	})
	_, err := Open(path, testItems, nil)
	if err == nil || !strings.Contains(err.Error(), `sheet "S": row 1: cell A1: unknown cell type t="x"`) || text.HintOf(err).IsZero() {
		t.Errorf("got %v, want an error at S row 1 with a hint", err)
	}
}

// TestOtherEncodingRefused: a worksheet part in another encoding than UTF-8
// (which Excel, WPS and LibreOffice never write) is refused with the hint,
// not handed to another reader.
func TestOtherEncodingRefused(t *testing.T) {
	ws := strings.Replace(worksheet("", safeHeader), `encoding="UTF-8"`, `encoding="GBK"`, 1)
	path := zipBook(t, []string{"S"}, map[string]string{"xl/worksheets/sheet1.xml": ws})
	_, err := Open(path, testItems, nil)
	if err == nil || !strings.Contains(err.Error(), "XML part in GBK") || text.HintOf(err).IsZero() {
		t.Errorf("got %v, want the encoding refused with a hint", err)
	}
}

func synthetic(t testing.TB, n int) string {
	path := filepath.Join(t.TempDir(), "syn.xlsx")
	if err := regtest.Synthetic(path, n); err != nil {
		t.Fatal(err)
	}
	return path
}

// hanNoise is n Han characters that do not compress much, for a large part
// that is no zip bomb.
func hanNoise(n int) string {
	var b strings.Builder
	x := uint32(1)
	for range n {
		x = x*1664525 + 1013904223
		b.WriteRune(rune(0x4E00 + x>>16%0x5000))
	}
	return b.String()
}
