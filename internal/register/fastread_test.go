package register

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetRows reads every row of every sheet of path with one reader: index i
// of a sheet's rows is row i+1 (rows without a row element are nil), as
// excelize's Rows iterator hands them out.
func sheetRows(t *testing.T, path string, fast bool) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b *fastBook
	if fast {
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		if b, err = openFastBook(fh); err != nil {
			t.Fatalf("fast reader refuses %s: %v", path, err)
		}
	}
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		var src rowSource
		if fast {
			s, ok := b.sheet(name)
			if !ok {
				t.Fatalf("fast reader leaves sheet %q of %s to excelize", name, path)
			}
			src = s
		} else {
			rows, err := f.Rows(name)
			if err != nil {
				t.Fatal(err)
			}
			src = &excelizeSource{rows: rows}
		}
		var rows [][]string
		for {
			num, cells, err := src.next()
			if err != nil {
				t.Fatalf("%s sheet %q: %v", path, name, err)
			}
			if num == 0 {
				break
			}
			for len(rows) < num-1 {
				rows = append(rows, nil)
			}
			rows = append(rows, cells)
		}
		src.close()
		out[name] = rows
	}
	return out
}

// sameRows fails the test where the fast reader and excelize differ.
func sameRows(t *testing.T, path string) int {
	t.Helper()
	want, got := sheetRows(t, path, false), sheetRows(t, path, true)
	if len(got) != len(want) {
		t.Fatalf("got %d sheets, want %d", len(got), len(want))
	}
	n := 0
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Errorf("sheet %q: got %d rows, want %d", name, len(g), len(w))
		}
		for i := range min(len(g), len(w)) {
			if fmt.Sprintf("%q", g[i]) != fmt.Sprintf("%q", w[i]) {
				t.Errorf("sheet %q row %d:\n got %q\nwant %q", name, i+1, clipRow(g[i]), clipRow(w[i]))
			}
			n++
		}
	}
	return n
}

func clipRow(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if len(c) > 60 {
			c = c[:60] + fmt.Sprintf("…(%d bytes)", len(c))
		}
		out[i] = c
	}
	return out
}

// zipBook writes a workbook by hand: parts maps names to their content;
// the package parts a workbook needs are added unless given.
func zipBook(t *testing.T, sheets []string, parts map[string]string) string {
	t.Helper()
	var wb, rels, types strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	types.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i, name := range sheets {
		fmt.Fprintf(&wb, `<x:sheet name="%s" sheetId="%d" r:id="rId%d"/>`, name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	if _, ok := parts["xl/sharedStrings.xml"]; ok {
		rels.WriteString(`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	}
	wb.WriteString(`</x:sheets></x:workbook>`)
	rels.WriteString(`</Relationships>`)
	types.WriteString(`</Types>`)
	all := map[string]string{
		"[Content_Types].xml":        types.String(),
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            wb.String(),
		"xl/_rels/workbook.xml.rels": rels.String(),
	}
	for k, v := range parts {
		all[k] = v
	}
	path := filepath.Join(t.TempDir(), "hand.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for name, content := range all {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	return path
}

// worksheet wraps sheetData content in a worksheet part.
func worksheet(prefix, data string) string {
	p := ""
	if prefix != "" {
		p = prefix + ":"
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<` + p + `worksheet xmlns` + strings.TrimSuffix(":"+prefix, ":") + `="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<` + p + `dimension ref="A1:D9"/><` + p + `sheetData>` + data + `</` + p + `sheetData></` + p + `worksheet>`
}
