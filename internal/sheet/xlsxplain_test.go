package sheet

import (
	"bytes"
	"fmt"

	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/register/regtest"
)

// plainCases are cells plainCell takes, cells it must leave to the token
// path, and cells that are errors either way.
var plainCases = []string{
	`<c r="A1" t="inlineStr"><is><t>武汉市江汉区和盛职工食堂</t></is></c>`,
	`<c r="B1" t="s"><v>2</v></c><c r="C1"><v>45351</v></c><c t="str"><v>a&amp;b&#x4E2D;&#20013;&lt;&gt;&quot;&apos;</v></c>`,
	`<c t="inlineStr"><is><t></t></is></c><c t="s"><v></v></c><c><v></v></c><c t="inlineStr"><is><t/></is></c>`,
	`<c t="s"><is><t>inline in a shared cell</t></is></c><c t="inlineStr"><v>a value in an inline cell</v></c>`,
	`<c t="inlineStr"><is><t>crlf\r\nand\rcr</t></is></c><c><v> 7 </v></c><c t="s"><v> 1 </v></c>`,
	`<c t="inlineStr"><is><t>_x0041__x005F_x0042_</t></is></c><c t="inlineStr"><is><t>x_x00</t></is></c>`,
	`<c t="inlineStr"><is><t>` + strings.Repeat("长", maxPlainText) + `</t></is></c>`,
	`<c t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c><c t="inlineStr"><is><r><t>a</t></r><t>b</t></is></c>`,
	`<c t="inlineStr"><is><t>a</t></is ></c><c t="inlineStr"><is><t>b</t></is></c ><c><v>1</v ></c>`,
	`<c t="str"><f>1+1</f><v>2</v></c><c><v>1</v><v>2</v></c><c t="inlineStr"><is><t>a</t></is><is><t>b</t></is></c>`,
	`<c><v>1<!-- a comment --></v></c><c><v><![CDATA[<cdata> & ]]></v></c><c><v>a<b/>c</v></c>`,
	`<c t="inlineStr"><is><t>a]]>b</t></is></c>`,
	`<c><v>&bogus;</v></c>`,
	`<c><v>&#0;</v></c>`,
	"<c><v>\x01</v></c>",
	"<c><v>\xff\xfe</v></c>",
	"<c t=\"inlineStr\"><is><t>\uFFFE</t></is></c>",
	`<c t="s"><v>99</v></c>`,
	`<c t="s"><v>-1</v></c>`,
	`<c t="s"><v>x</v></c>`,
	`<c r="C1"><v>1</v></c><c r="B1"><v>2</v></c>`,
	`<c><v>1</v></x></c>`,
	`<c><v>1</v></c`,
	`<c><v>1</v>`,
	`<c><v>1`,
	`<c t="inlineStr"><is><t>cut`,
}

// TestPlainCellSameAsTokens: every row, type and error of a worksheet is
// the same with plainCell as token by token, whatever the size of the
// scanner's buffer (so that a cell lies across every possible boundary).
func TestPlainCellSameAsTokens(t *testing.T) {
	docs := []string{worksheet("x", handSheet), worksheet("", strings.ReplaceAll(handSheet, "x:", ""))}
	for i, c := range plainCases {
		docs = append(docs, worksheet("", fmt.Sprintf(`<row r="%d">%s</row>`, i+1, c)))
		docs = append(docs, worksheet("x", strings.ReplaceAll(fmt.Sprintf(`<row r="%d">%s</row>`, i+1, c), "<c", "<x:c")))
	}
	docs = append(docs, syntheticSheet(t, 40))
	sizes := []int{1, 2, 7, 16, 33, 64, 100, 257, 4 << 10, 64 << 10}
	for d, doc := range docs {
		want := readSheet(doc, 64<<10, true)
		for _, size := range sizes {
			if got := readSheet(doc, size, false); got != want {
				t.Fatalf("document %d, buffer %d:\n got %s\nwant %s", d, size, got, want)
			}
		}
	}
}

// FuzzPlainCell: any worksheet reads the same with plainCell as token by token.
func FuzzPlainCell(f *testing.F) {
	for _, c := range plainCases {
		f.Add([]byte(`<row>`+c+`</row>`), uint16(64))
	}
	f.Add([]byte(handSheet), uint16(17))
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		doc := worksheet("", string(data))
		want := readSheet(doc, 64<<10, true)
		if got := readSheet(doc, int(size%300)+1, false); got != want {
			t.Fatalf("buffer %d:\n got %s\nwant %s", size%300+1, got, want)
		}
	})
}

// readSheet renders every row of a worksheet with its types, and the error
// that ends it.
func readSheet(doc string, bufSize int, tokensOnly bool) string {
	sst := []string{"a", "", "中文"}
	rd := &sheetReader{sc: newXMLScan(strings.NewReader(doc), bufSize, maxTokenBytes), sst: sst,
		styles: []string{"General", "yyyy-mm-dd"}, tokensOnly: tokensOnly}
	var out bytes.Buffer
	for range 1000 {
		num, cells, err := rd.next()
		if err != nil {
			fmt.Fprintf(&out, "error: %v", err)
			break
		}
		if num == 0 {
			break
		}
		fmt.Fprintf(&out, "%d %q %v\n", num, cells, rd.types())
	}
	return out.String()
}

// syntheticSheet is the worksheet XML of a generated register of n rows.
func syntheticSheet(t *testing.T, n int) string {
	path := filepath.Join(t.TempDir(), "s.xlsx")
	if err := regtest.Synthetic(path, n); err != nil {
		t.Fatal(err)
	}
	rc, err := testBook(t, path).(*xlsxBook).parts["Sheet1"].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(rc); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestShortAttr: where shortAttr splits an attribute off, anyAttr splits
// off the same; where it declines, nextAttr's answer is anyAttr's.
func TestShortAttr(t *testing.T) {
	for _, a := range []string{`r="B7" t="s"`, `t="inlineStr"`, `s="3"`, `r=""`, `r="A1"x`, `r="A1`, `x:r="A1"`,
		`r = "A1"`, `r='A1'`, `1="a"`, `_="a"`, `r="a>b"`, "r=\"A1\"\tt=\"n\"", `ab="c"`, `r="`, `r=`} {
		checkShortAttr(t, []byte(a))
	}
}

func FuzzShortAttr(f *testing.F) {
	f.Add([]byte(`r="B7" t="s"`))
	f.Add([]byte(`r="A1"x`))
	f.Fuzz(func(t *testing.T, a []byte) {
		if len(a) > 0 && !isSpace(a[0]) {
			checkShortAttr(t, a)
		}
	})
}

func checkShortAttr(t *testing.T, a []byte) {
	t.Helper()
	name, val, rest, ok := shortAttr(a)
	wname, wval, wrest, wok, werr := anyAttr(a)
	if ok && (!wok || werr != nil || string(name) != string(wname) || string(val) != string(wval) || string(rest) != string(wrest)) {
		t.Fatalf("shortAttr(%q) = %q %q %q, anyAttr = %q %q %q %v %v", a, name, val, rest, wname, wval, wrest, wok, werr)
	}
	gname, gval, grest, gok, gerr := nextAttr(a)
	if ok {
		wname, wval, wrest, wok, werr = name, val, rest, true, nil
	}
	if string(gname) != string(wname) || string(gval) != string(wval) || string(grest) != string(wrest) || gok != wok || fmt.Sprint(gerr) != fmt.Sprint(werr) {
		t.Fatalf("nextAttr(%q) = %q %q %q %v %v, want %q %q %q %v %v", a, gname, gval, grest, gok, gerr, wname, wval, wrest, wok, werr)
	}
}

// TestPlainText: text plainText lets through is text decodeText copies as it
// is, for every character alone and between others, and for the samples.
func TestPlainText(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		c := string(r)
		for _, s := range []string{c, "a" + c + "b", c + c, c + "\xef", "\xef" + c} {
			checkPlainText(t, []byte(s))
		}
	}
	for _, s := range []string{"", "]]>", "a]b", "\r\n", "&amp;", "\xef\xbf\xbe", "\xef\xbf\xbf", "\xef\xbf", "\xef", "\xff", "\xe4\xb8", "武汉（江汉）"} {
		checkPlainText(t, []byte(s))
	}
}

func FuzzPlainText(f *testing.F) {
	f.Add([]byte("武汉（江汉）"))
	f.Add([]byte("\xef\xbf\xbe"))
	f.Fuzz(func(t *testing.T, raw []byte) { checkPlainText(t, raw) })
}

func checkPlainText(t *testing.T, raw []byte) {
	t.Helper()
	if !plainText(raw) {
		return
	}
	for _, cdata := range []bool{false, true} {
		if got, err := decodeText(nil, raw, cdata); err != nil || string(got) != string(raw) {
			t.Fatalf("plainText(%q) but decodeText gives %q, %v", raw, got, err)
		}
	}
}
