package register

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ezz/internal/dataitem"
	"ezz/internal/sheet"
	"ezz/internal/testenv"
)

// soffice converts in to format ("csv:…", "pdf", "xlsx", "ods", "xls") with
// LibreOffice headless into dir and returns the paths it wrote.
func soffice(t *testing.T, in, format, dir string) []string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		testenv.Missing(t, "LibreOffice (soffice, Debian libreoffice-calc-nogui) not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	profile := "file://" + filepath.Join(t.TempDir(), "profile")
	out, err := exec.CommandContext(ctx, bin, "--headless", "--norestore", "-env:UserInstallation="+profile,
		"--convert-to", format, "--outdir", dir, in).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", format, err, out)
	}
	ext := strings.SplitN(format, ":", 2)[0]
	paths, _ := filepath.Glob(filepath.Join(dir, "*."+ext))
	if len(paths) == 0 {
		t.Fatalf("soffice wrote no .%s: %s", ext, out)
	}
	return paths
}

// TestRejectsInLibreOffice: the rejects workbook as LibreOffice reads it:
// dates as yyyy-mm-dd, codes with all their digits, code columns formatted
// as text so that what a clerk types there stays text, a 修改说明 sheet; and
// it prints (PDF) with every column on the page.
func TestRejectsInLibreOffice(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	std := dataitem.Standard{Items: tpl.Items, Rules: tpl.Rules}
	dir := t.TempDir()
	out := filepath.Join(dir, "rejects.xlsx")
	writeRejects(t, filepath.Join(repo, "samples", "food-business-register.xlsx"), out, std, tpl.Items)

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkFormat(t, f, "江汉区", "D4", "@")          // a credit code
	checkFormat(t, f, "江汉区", "Q4", "yyyy-mm-dd") // a date cell of the register
	if s, _ := f.GetColStyle("江汉区", "D"); numFmt(f, s) != "@" {
		t.Errorf("column D (credit codes): format %q, want text (@) for what a clerk types", numFmt(f, s))
	}
	if idx, _ := f.GetSheetIndex(NotesSheet); idx < 0 {
		t.Errorf("no %s sheet", NotesSheet)
	}

	csvDir := filepath.Join(dir, "csv")
	soffice(t, out, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", csvDir)
	data, err := os.ReadFile(filepath.Join(csvDir, "rejects-江汉区.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if !strings.Contains(string(data), ",2028-08-04,江汉区!6,") {
		t.Errorf("row 江汉区!6: no date 2028-08-04 as yyyy-mm-dd in %q", lines[4])
	}
	if !strings.Contains(string(data), "914201033683012740") {
		t.Errorf("the credit code lost digits: %q", lines[4])
	}
	pdf := soffice(t, out, "pdf", filepath.Join(dir, "pdf"))[0]
	if st, err := os.Stat(pdf); err != nil || st.Size() < 10000 {
		t.Errorf("PDF %s: %v", pdf, err)
	}
}

func checkFormat(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	s, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if got := numFmt(f, s); got != want {
		t.Errorf("%s!%s: number format %q, want %q", sheet, cell, got, want)
	}
}

func numFmt(f *excelize.File, style int) string {
	st, err := f.GetStyle(style)
	if err != nil || st == nil {
		return ""
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt == 49 {
		return "@"
	}
	return ""
}

// TestTypingIntoRejects: a clerk types a corrected 18-digit code into the
// rejects workbook in LibreOffice (typed through Calc's input handler, .uno:EnterString,
// testdata/type_cells.py) and saves it; fed back, the code keeps every digit
// as text and the row passes. The same digits typed into a General cell of
// the same row become the number 9.14…E+17, so the test sees what typing does.
func TestTypingIntoRejects(t *testing.T) {
	const python = "/usr/bin/python3" // Debian's, where python3-uno installs uno
	if err := exec.Command(python, "-c", "import uno").Run(); err != nil {
		testenv.Missing(t, "python3-uno (Debian) not installed: %v", err)
	}
	if _, err := exec.LookPath("soffice"); err != nil {
		testenv.Missing(t, "LibreOffice (soffice, Debian libreoffice-calc-nogui) not installed")
	}
	tpl := loadTemplate(t, "food-business")
	dir := t.TempDir()
	out := filepath.Join(dir, "rejects.xlsx")
	writeRejects(t, filepath.Join(repo, "samples", "food-business-register.xlsx"), out,
		dataitem.Standard{Items: tpl.Items, Rules: tpl.Rules}, tpl.Items)
	const typed = "914201031234567060" // a credit code of digits only, check digit right
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join("testdata", "type_cells.py"), filepath.Join(dir, "profile"), out,
		"江汉区!D4="+typed, "江汉区!Z4="+typed)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("type_cells.py: %v\n%s", err, msg)
	}
	b, err := sheet.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rows, err := b.Rows("江汉区")
	if err != nil {
		t.Fatal(err)
	}
	for {
		num, cells, err := rows.Next()
		if err != nil || num == 0 {
			t.Fatalf("row 4 not found: %v", err)
		}
		if num != 4 {
			continue
		}
		types := rows.Types()
		if len(cells) < 26 || cells[3] != typed || types[3].Kind != sheet.String {
			t.Fatalf("D4 after typing: %q %+v, want the text %s", cells[3], types[3], typed)
		}
		if types[25].Kind != sheet.Number || !strings.Contains(cells[25], "E+17") {
			t.Fatalf("Z4 (General) after typing: %q %+v: typing should have made it a number", cells[25], types[25])
		}
		break
	}
	for origin, o := range outcome(t, out, "food-business") {
		if strings.Contains(o, `"holder_code":"`+typed+`"`) {
			if strings.Contains(o, "holder_code:") {
				t.Errorf("%s fed back: %s", origin, o)
			}
			return
		}
	}
	t.Errorf("no row fed back with the typed code %s", typed)
}
