package sheet

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ezz/internal/testenv"
)

// toXLS has LibreOffice save a workbook as Excel 97–2003 (.xls).
func toXLS(t *testing.T, in string) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		testenv.Missing(t, "LibreOffice (soffice, Debian libreoffice-calc-nogui) not installed")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xls", "--outdir", dir, in).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to xls: %v\n%s", err, out)
	}
	return filepath.Join(dir, strings.TrimSuffix(filepath.Base(in), ".xlsx")+".xls")
}

// TestXLSFromLibreOffice: a workbook with more shared text than one BIFF
// record holds — so that LibreOffice cuts strings across CONTINUE records,
// some between ASCII and Chinese — with IDs and codes as text, numbers and
// dates in several formats, reads from LibreOffice's .xls as from the .xlsx.
func TestXLSFromLibreOffice(t *testing.T) {
	f := excelize.NewFile()
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	cn, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`yyyy"年"m"月"d"日"`)})
	txt, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
	f.SetSheetName("Sheet1", "登记表")
	f.NewSheet("第二页")
	long := strings.Repeat("湖北省武汉市江汉区民族大道", 400) // 5,200 characters: cut by a record end
	for i := 1; i <= 1200; i++ {
		row := []any{
			fmt.Sprintf("企业%04d有限公司", i), fmt.Sprintf("%03d", i%1000),
			fmt.Sprintf("4201031990%02d%02d%04d", i%12+1, i%28+1, i), fmt.Sprintf("ASCII text %d then 中文 %d", i, i),
			45000 + i, 45000 + i, 1.25 * float64(i), i,
		}
		cell, _ := excelize.CoordinatesToCellName(1, i)
		if err := f.SetSheetRow("登记表", cell, &row); err != nil {
			t.Fatal(err)
		}
		f.SetCellStyle("登记表", fmt.Sprintf("B%d", i), fmt.Sprintf("C%d", i), txt)
		f.SetCellStyle("登记表", fmt.Sprintf("E%d", i), fmt.Sprintf("E%d", i), date)
		f.SetCellStyle("登记表", fmt.Sprintf("F%d", i), fmt.Sprintf("F%d", i), cn)
	}
	f.SetCellValue("登记表", "J5", long)
	f.SetCellValue("登记表", "J7", "x"+long)
	f.SetCellValue("第二页", "B3", "第二页的内容")
	src := filepath.Join(t.TempDir(), "big.xlsx")
	if err := f.SaveAs(src); err != nil {
		t.Fatal(err)
	}
	want, got := rowsOf(t, src), rowsOf(t, toXLS(t, src))
	if len(got) != len(want) {
		t.Fatalf("%d rows from the .xls, %d from the .xlsx", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d:\n .xls  %q\n .xlsx %q", i, clipLine(got[i]), clipLine(want[i]))
		}
	}
}

func ptr[T any](v T) *T { return &v }

// rowsOf reads every sheet's rows: the sheet, the row number, each cell's
// text and whether it is a date.
func rowsOf(t *testing.T, path string) []string {
	t.Helper()
	b := testBook(t, path)
	var out []string
	for _, name := range b.Sheets() {
		rows, err := b.Rows(name)
		if err != nil {
			t.Fatal(err)
		}
		for {
			num, cells, err := rows.Next()
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if num == 0 {
				break
			}
			types := rows.Types()
			for i := range cells {
				if i < len(types) && types[i].IsDate() {
					cells[i] += " (date)"
				}
			}
			out = append(out, fmt.Sprintf("%s!%d %q", name, num, cells))
		}
		rows.Close()
	}
	return out
}

func clipLine(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}
