package register

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"ezz/internal/dataitem"
	"ezz/internal/sheet"
)

// outcome is what conversion makes of each row: by "sheet!row", its
// normalised values and its problems (item, code, column).
func outcome(t *testing.T, path, template string) map[string]string {
	t.Helper()
	tpl := loadTemplate(t, template)
	reg, err := Open(path, tpl.Items, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if err := reg.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	v, err := NewValidator(dataitem.Standard{Items: tpl.Items, Rules: tpl.Rules}, []string{tpl.Metadata.Number})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	it := reg.Rows(context.Background())
	defer it.Close()
	for it.Next() {
		values, ps, err := v.Check(it.Row())
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range ps {
			codes = append(codes, p.Item+":"+p.Code+"@"+p.Column)
		}
		b, _ := json.Marshal(values)
		out[it.Row().Origin] = string(b) + " " + strings.Join(codes, ",")
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func sameOutcome(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s %s:\n got %s\nwant %s", what, k, got[k], w)
		}
	}
}

// TestLibreOfficeFormats: each sample register saved by LibreOffice as
// .xlsx and as .ods reads with the same rows, values, reasons and places
// as Excel's own (excelize-written) file.
func TestLibreOfficeFormats(t *testing.T) {
	for _, name := range []string{"food-business", "special-operation"} {
		src := filepath.Join(repo, "samples", name+"-register.xlsx")
		want := outcome(t, src, name)
		for _, format := range []string{"xlsx", "ods", "xls"} {
			t.Run(name+"."+format, func(t *testing.T) {
				path := soffice(t, src, format, t.TempDir())[0]
				sameOutcome(t, format, outcome(t, path, name), want)
			})
		}
	}
}

// TestCSVFormats: a sheet exported as CSV — UTF-8, UTF-8 with BOM, GB18030
// — reads with the same values and reasons as the workbook's sheet; dates
// are text as Chinese Excel shows them (2024/8/13), codes keep every digit.
func TestCSVFormats(t *testing.T) {
	src := filepath.Join(repo, "samples", "food-business-register.xlsx")
	want := map[string]string{}
	for k, v := range outcome(t, src, "food-business") {
		if s, row, _ := strings.Cut(k, "!"); s == "江汉区" {
			want["江汉区!"+row] = v
		}
	}
	text := sheetCSV(t, src, "江汉区")
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for enc, data := range map[string]string{"utf-8": text, "utf-8-bom": "\xEF\xBB\xBF" + text, "gb18030": gb} {
		t.Run(enc, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "江汉区.csv")
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
			sameOutcome(t, enc, outcome(t, path, "food-business"), want)
		})
	}
}

// sheetCSV writes a sheet as CSV text the way a spreadsheet exports it:
// every cell as shown, date cells as yyyy/m/d.
func sheetCSV(t *testing.T, path, name string) string {
	t.Helper()
	b, err := sheet.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rows, err := b.Rows(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out strings.Builder
	w := csv.NewWriter(&out)
	w.UseCRLF = true
	last := 0
	for {
		num, cells, err := rows.Next()
		if err != nil {
			t.Fatal(err)
		}
		if num == 0 {
			break
		}
		for ; last < num-1; last++ {
			w.Write([]string{""})
		}
		last = num
		types := rows.Types()
		for i, c := range cells {
			if i < len(types) && types[i].IsDate() {
				f, _ := strconv.ParseFloat(c, 64)
				d := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(f))
				cells[i] = fmt.Sprintf("%d/%d/%d", d.Year(), d.Month(), d.Day())
			}
		}
		w.Write(cells)
	}
	w.Flush()
	return out.String()
}
