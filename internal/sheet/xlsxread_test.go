package sheet

import (
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"ezz/internal/register/regtest"
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
	var b Book
	if fast {
		b = testBook(t, path)
	}
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		var src source
		if fast {
			s, err := b.Rows(name)
			if err != nil {
				t.Fatalf("sheet %q of %s: %v", name, path, err)
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
			num, cells, err := src.Next()
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
		src.Close()
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

func zipBook(t *testing.T, sheets []string, parts map[string]string) string {
	return regtest.ZipBook(t, sheets, parts)
}

func worksheet(prefix, data string) string { return regtest.Worksheet(prefix, data) }
