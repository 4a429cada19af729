package sheet

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ezz/internal/register/regtest"
)

// TestFastSamples: the fast reader and excelize read the same rows from
// every sample register, every sheet, every row.
func TestFastSamples(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(repo, "samples", "*.xlsx"))
	if len(paths) == 0 {
		t.Fatal("no samples")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			if n := sameRows(t, p); n < 10 {
				t.Errorf("compared %d rows, want at least 10", n)
			}
		})
	}
}

func TestFastSynthetic(t *testing.T) {
	for _, n := range []int{1, 100, 2500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.xlsx")
			if err := regtest.Synthetic(path, n); err != nil {
				t.Fatal(err)
			}
			if got := sameRows(t, path); got != n+2 {
				t.Errorf("compared %d rows, want %d", got, n+2)
			}
		})
	}
}

// TestFastExcelizeTypes writes every kind of cell excelize can write, with
// the shared-string writer and with the stream writer (inline strings).
func TestFastExcelizeTypes(t *testing.T) {
	long := strings.Repeat("长文本 long text 𠮷 ", 2000)[:32000]
	texts := []string{"plain", "中文 䶮 𠮷 堃 喆", "<tag> & \"quotes\" 'apos'", "  padded  ", "line\nbreak", "crlf\r\nend",
		"tab\there", "_x000D_ literal", "_x005F_x0041_", "x_x0041_y", "1.10105199001011E+17", "=not a formula", long, "￼\u3000全角　"}
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	sh := "Sheet1"
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range texts {
		set(fmt.Sprintf("A%d", i+1), s)
		set(fmt.Sprintf("C%d", i+1), i) // B empty in the middle
	}
	set("A20", 1.5e-10)
	set("B20", 1.23e+20)
	set("C20", -0.000123)
	set("D20", true)
	set("E20", false)
	set("F20", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC))
	set("G20", time.Date(2024, 2, 29, 13, 30, 0, 0, time.UTC))
	f.SetCellStyle(sh, "H20", "H20", date)
	f.SetCellInt(sh, "H20", 45351)
	f.SetCellFormula(sh, "I20", "SUM(C1:C3)")
	f.SetCellFormula(sh, "J20", "A1&\"x\"")
	set("Z20", "far right")
	set("A1000", "sparse row") // rows 21–999 absent
	set("XFD1001", "last column")
	if err := f.SetCellRichText(sh, "B22", []excelize.RichTextRun{{Text: "富"}, {Text: "文本", Font: &excelize.Font{Bold: true}}, {Text: " & <runs>"}}); err != nil {
		t.Fatal(err)
	}
	f.SetCellStr(sh, "C22", "")
	f.SetCellDefault(sh, "D22", "1.10105199001011E+17")
	f.SetCellDefault(sh, "E22", "not a number")
	if _, err := f.NewSheet("流"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("流")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		row := []any{s, nil, i, 3.25e-7, true, time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC), excelize.Cell{Formula: "1+1"}, nil, s + "尾"}
		cell, _ := excelize.CoordinatesToCellName(1, 2*i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.SetRow("B40", []any{excelize.Cell{Value: "rich", Formula: "\"rich\""}}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "types.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if n := sameRows(t, path); n < 1000 {
		t.Errorf("compared %d rows, want ≥ 1000", n)
	}
	got := sheetRows(t, path, true)
	if r := got["Sheet1"][12]; len(r) == 0 || r[0] != long {
		t.Errorf("long text lost: got %d bytes", len(r[0]))
	}
	if r := got["Sheet1"][21]; len(r) < 2 || r[1] != "富文本 & <runs>" {
		t.Errorf("rich text: got %q", r)
	}
}

// handSheet is a worksheet written by hand the way other writers do it:
// x: prefixes, no r attributes, inline rich text, CDATA, comments,
// character references, cached formula values, errors and booleans.
const handSheet = `<x:row><x:c t="inlineStr"><x:is><x:t>序号</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>名称</x:t></x:is></x:c><x:c t="s"><x:v>0</x:v></x:c></x:row>
<x:row>
  <x:c><x:v>1</x:v></x:c>
  <x:c t="inlineStr"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">富 </x:t></x:r><x:r><x:t>文本</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ふ</x:t></x:rPh></x:is></x:c>
  <x:c t="s"><x:v> 1 </x:v></x:c>
  <x:c t="str"><x:f>A2&amp;"x"</x:f><x:v>1x</x:v></x:c>
  <x:c t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c>
  <x:c t="b"><x:v>1</x:v></x:c>
  <x:c t="d"><x:v>2024-02-29T00:00:00Z</x:v></x:c>
  <x:c s="3"><x:v>45351</x:v></x:c>
</x:row>
<x:row r="4"><x:c r="B4" t="inlineStr"><x:is><x:t><![CDATA[a<b & c]]></x:t></x:is></x:c><x:c r="D4" t="inlineStr"><x:is><x:t>&#x4E2D;&#20013;&apos;&quot;&lt;&gt;&amp;<!-- note -->_x000D_</x:t></x:is></x:c><x:c r="E4"><x:f>1/0</x:f></x:c></x:row>
<x:row r="6" spans="1:3"><x:c r="a6" t="n"><x:v>1.5E-10</x:v></x:c><x:c r="$C$6" t="s"><x:v>2</x:v></x:c><x:c/><x:c t="str"><x:v>  spaced  </x:v></x:c></x:row>
<x:row r="7"/>
<x:row><x:c r="C8" t="inlineStr"><x:is><x:t>line1&#13;&#10;line2
line3</x:t></x:is></x:c><x:c t="inlineStr"/><x:c t="s"><x:v/></x:c><x:c><x:v></x:v></x:c></x:row>`

const handSST = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>备注</t></si><si><r><t>共享</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 富文本 </t></r><phoneticPr fontId="1"/></si><si><t>&amp;_x0041_𠮷</t><rPh sb="0" eb="1"><t>x</t></rPh></si></sst>`

func TestFastHandWritten(t *testing.T) {
	path := zipBook(t, []string{"Hand", "Plain"}, map[string]string{
		"xl/worksheets/sheet1.xml": worksheet("x", handSheet),
		"xl/worksheets/sheet2.xml": worksheet("", strings.ReplaceAll(handSheet, "x:", "")),
		"xl/sharedStrings.xml":     handSST,
	})
	if n := sameRows(t, path); n != 16 {
		t.Errorf("compared %d rows, want 16", n)
	}
	got := sheetRows(t, path, true)["Hand"]
	want := map[int][]string{
		2: {"1", "富 文本", "共享 富文本 ", "1x", "#N/A", "1", "2024-02-29T00:00:00Z", "45351"},
		4: {"", "a<b & c", "", "中中'\"<>&\r", ""},
		8: {"", "", "line1\r\nline2\nline3"},
	}
	for num, w := range want {
		if fmt.Sprintf("%q", got[num-1]) != fmt.Sprintf("%q", w) {
			t.Errorf("row %d: got %q, want %q", num, got[num-1], w)
		}
	}
}

// TestFastLargeSST: shared strings over excelize's 16 MiB in-memory limit,
// which excelize reads from a temporary file by another code path.
func TestFastLargeSST(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 17 MiB shared strings part")
	}
	const n = 120000
	var sst, rows strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := range n {
		fmt.Fprintf(&sst, `<si><t>%06d 共享字符串 &amp; %s</t></si>`, i, strings.Repeat("x", 100))
	}
	sst.WriteString(`<si><r><t>富</t></r><r><t>_x0041_</t></r></si></sst>`)
	for r, idx := range []int{0, 1, n / 2, n - 1, n} {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c></row>`, r+1, r+1, idx, r+1, n-idx)
	}
	if sst.Len() < 16<<20 {
		t.Fatalf("shared strings only %d bytes", sst.Len())
	}
	path := zipBook(t, []string{"S"}, map[string]string{
		"xl/worksheets/sheet1.xml": worksheet("", rows.String()),
		"xl/sharedStrings.xml":     sst.String(),
	})
	if got := sameRows(t, path); got != 5 {
		t.Errorf("compared %d rows, want 5", got)
	}
	if r := sheetRows(t, path, true)["S"][4]; r[0] != "富A" {
		t.Errorf("last shared string: got %q", r[0])
	}
}
