package sheet

import (
	"bytes"
	"strings"
	"testing"
)

const safeHeader = `<row r="1"><c t="inlineStr"><is><t>持证人姓名</t></is></c><c t="inlineStr"><is><t>统一社会信用代码</t></is></c>` +
	`<c t="inlineStr"><is><t>发证日期</t></is></c><c t="inlineStr"><is><t>证号</t></is></c></row><row r="24"/>`

// TestFastTruncated: a worksheet cut short is an error, not a short sheet.
func TestFastTruncated(t *testing.T) {
	full := worksheet("", safeHeader+`<row r="25"><c t="inlineStr"><is><t>张三</t></is></c></row><row r="26"><c><v>1</v></c></row>`)
	cut := full[:strings.Index(full, `<row r="26">`)+15]
	rd := newSheetReader(strings.NewReader(cut), nil, nil)
	var err error
	for n := 1; n > 0 && err == nil; {
		n, _, err = rd.next()
	}
	if err == nil || !strings.Contains(err.Error(), "row 26") {
		t.Errorf("got %v, want an error at row 26", err)
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
		rd := newSheetReader(bytes.NewReader(data), sst, nil)
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
