package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzDifferential feeds sheetData content to both readers: when the
// worksheet is well-formed XML and the fast reader accepts it, every row
// must be the one excelize reads. (The fast reader may refuse what it does
// not understand; it must not read something else.)
func FuzzDifferential(f *testing.F) {
	f.Add([]byte(handSheet))
	f.Add([]byte(`<row r="3"><c r="C3" t="s"><v>2</v></c><c t="str"><f>x</f><v>a&amp;b</v></c></row><row><c/><c t="b"><v>0</v></c></row>`))
	f.Add([]byte(`<row><c t="inlineStr"><is><r><t>a</t></r><t>b</t><r><t>c</t><t>d</t></r></is></c></row>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ws := []byte(worksheet("", string(data)))
		if !wellFormed(ws) {
			return
		}
		path := filepath.Join(t.TempDir(), "f.xlsx")
		if err := writeBook(path, ws); err != nil {
			t.Fatal(err)
		}
		want, err := excelizeRows(path)
		if err != nil {
			return
		}
		src, err := testBook(t, path).Rows("S")
		if err != nil {
			t.Fatal(err)
		}
		got, err := drain(src)
		if err != nil {
			return
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Fatalf("rows differ:\n got %q\nwant %q", got, want)
		}
	})
}

func wellFormed(doc []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

func writeBook(path string, sheet []byte) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/sharedStrings.xml":       handSST,
		"xl/worksheets/sheet1.xml":   string(sheet),
	}
	for _, name := range []string{"_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o600)
}

// excelizeRows reads sheet S with excelize as RowIter did, rows indexed by number.
func excelizeRows(path string) ([][]string, error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.Rows("S")
	if err != nil {
		return nil, err
	}
	return drain(&excelizeSource{rows: rows})
}

func drain(src source) ([][]string, error) {
	defer src.Close()
	var out [][]string
	for {
		num, cells, err := src.Next()
		if err != nil {
			return nil, err
		}
		if num == 0 {
			return out, nil
		}
		if num > maxRowCells {
			return nil, fmt.Errorf("row %d", num)
		}
		for len(out) < num-1 {
			out = append(out, nil)
		}
		out = append(out, cells)
	}
}
