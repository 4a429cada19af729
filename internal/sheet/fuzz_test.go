package sheet

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

// drainBook reads every row of every sheet, checking the promises of Rows:
// rising row numbers, no more cells than the limits, types no longer than cells.
func drainBook(t *testing.T, path string) {
	b, err := Open(path)
	if err != nil {
		return
	}
	defer b.Close()
	for _, name := range b.Sheets() {
		rows, err := b.Rows(name)
		if err != nil {
			continue
		}
		last := 0
		for {
			num, cells, err := rows.Next()
			if err != nil || num == 0 {
				break
			}
			if num <= last || len(cells) > maxODSCols || len(rows.Types()) > len(cells) {
				t.Fatalf("row %d after %d, %d cells, %d types", num, last, len(cells), len(rows.Types()))
			}
			last = num
		}
		rows.Close()
	}
}

// FuzzCSV: hostile CSV text (any encoding) never panics nor loops.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("姓名,证号\r\n张三,001\r\n\r\n\"多\n行\",2\r\n"))
	f.Add([]byte("\xEF\xBB\xBF名称,代码\n甲,1\n"))
	f.Add([]byte("\xC3\xFB\xB3\xC6,\xB4\xFA\xC2\xEB\n")) // GBK
	f.Add([]byte("\xFF\xFEa\x00\t\x00b\x00\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		drainBook(t, path)
	})
}

// odsPackage writes content.xml into a minimal OpenDocument package.
func odsPackage(t *testing.T, content []byte) string {
	path := filepath.Join(t.TempDir(), "f.ods")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte(odsMime))
	w, _ = zw.Create("content.xml")
	w.Write(content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

const odsSeed = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>` +
	`<table:table table:name="表一"><table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>证号</text:p></table:table-cell></table:table-row>` +
	`<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="1.5E+017"><text:p>x</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-02-29"/></table:table-row>` +
	`<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`

// TestODS: repeated rows and cells, dates as serials, numbers as Excel
// writes them, and the empty rows LibreOffice pads a sheet with cost nothing.
func TestODS(t *testing.T) {
	b := testBook(t, odsPackage(t, []byte(odsSeed)))
	rows, err := b.Rows("表一")
	if err != nil {
		t.Fatal(err)
	}
	got, err := drain(rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[3][0] != "1.5E+17" || got[3][1] != "45351" || got[0][1] != "证号" {
		t.Errorf("got %q", got)
	}
}

// FuzzODS: hostile content.xml never panics nor expands repeats past the limits.
func FuzzODS(f *testing.F) {
	f.Add([]byte(odsSeed))
	f.Add([]byte(`<table:table table:name="a"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x<text:s text:c="5"/></text:p><office:annotation><text:p>n</text:p></office:annotation></table:table-cell></table:table-row></table:table>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		drainBook(t, odsPackage(t, data))
	})
}
