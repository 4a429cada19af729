package web_test

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

const sampleRegister = "../../samples/food-business-register.xlsx"

// TestBrowserConsole drives the clerk's console end to end in Chromium: log
// in with the one-time link, upload the sample register, read the column
// mapping and the check, start the conversion, follow it to the end, and
// download the rejects workbook and the zip of PDFs.
func TestBrowserConsole(t *testing.T) {
	ctx := browser(t, 150*time.Second)
	f := newFixture(t, true)
	c, srv := f.console(t)
	dir, downloads := artefacts(t), t.TempDir()
	abs, err := filepath.Abs(sampleRegister)
	must(t, err)
	step(t, ctx, 10*time.Second, language("zh-CN,zh"), viewport(1280, 800), allowDownloads(downloads),
		chromedp.Navigate(srv.URL+c.LoginPath()),
		chromedp.WaitVisible(chromedp.ID("upload")),
		chromedp.SetUploadFiles(chromedp.ID("register"), []string{abs}),
		chromedp.SetValue(chromedp.ID("template"), templatesDir+"/food-business/template.yaml"),
		chromedp.Click(chromedp.ID("check")))
	step(t, ctx, 30*time.Second, chromedp.WaitVisible(chromedp.ID("start")))
	check := run(t, ctx, chromedp.Text(chromedp.ID("check-summary")))
	if !strings.Contains(check, "共 49 行：可签发 42 行，将被退回 7 行") {
		t.Errorf("check summary %q", check)
	}
	mapping := run(t, ctx, chromedp.Text(chromedp.CSS("table.mapping")))
	if !strings.Contains(mapping, "operator_name") || !strings.Contains(mapping, "（未使用）") {
		t.Errorf("mapping table lacks the mapped and the unused columns:\n%s", mapping)
	}
	must(t, shot(ctx, dir, "console-checked-1280x800"))
	step(t, ctx, 60*time.Second, chromedp.Click(chromedp.ID("start")), chromedp.WaitVisible(chromedp.ID("summary")))
	summary := run(t, ctx, chromedp.Text(chromedp.ID("summary")))
	if !strings.Contains(summary, "共 49 行，本次签发 42 份，退回 7 行") {
		t.Errorf("summary %q", summary)
	}
	must(t, shot(ctx, dir, "console-done-1280x800"))
	must(t, chromedp.Do(ctx, viewport(360, 740)))
	must(t, shot(ctx, dir, "console-done-360x740"))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("rejects"))))
	checkRejects(t, waitFile(t, ctx, downloads, ".xlsx"))
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("zip"))))
	checkZip(t, waitFile(t, ctx, downloads, ".zip"), 42)
}

// allowDownloads saves downloads into dir.
func allowDownloads(dir string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior,
			cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	})
}

// waitFile waits for a finished download ending in ext.
func waitFile(t testing.TB, ctx context.Context, dir, ext string) string {
	t.Helper()
	for ctx.Err() == nil {
		names, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(names) == 1 {
			return names[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no %s download in %s", ext, dir)
	return ""
}

// checkRejects opens the rejects workbook: the 7 planted defects, each
// with its reason.
func checkRejects(t testing.TB, path string) {
	t.Helper()
	wb, err := excelize.OpenFile(path)
	must(t, err)
	defer wb.Close()
	rows := 0
	for _, sheet := range wb.GetSheetList() {
		all, err := wb.GetRows(sheet)
		must(t, err)
		if len(all) < 2 {
			continue
		}
		head, reason := headerRow(all, "错误原因")
		if reason < 0 {
			continue // the sheet of instructions
		}
		for _, r := range all[head+1:] {
			if strings.Join(r, "") == "" {
				continue
			}
			if reason >= len(r) || r[reason] == "" {
				t.Errorf("sheet %s: a rejected row without its reason: %q", sheet, r)
			}
			rows++
		}
	}
	if rows != 7 {
		t.Errorf("%s holds %d rejected rows, want 7", path, rows)
	}
}

// headerRow finds the row (among the first five) with a cell that is
// name, and that cell's column; -1, -1 when none has.
func headerRow(rows [][]string, name string) (int, int) {
	for i, r := range rows[:min(5, len(rows))] {
		for j, c := range r {
			if strings.TrimSpace(c) == name {
				return i, j
			}
		}
	}
	return -1, -1
}

// checkZip opens the zip of PDFs and counts them.
func checkZip(t testing.TB, path string, want int) {
	t.Helper()
	z, err := zip.OpenReader(path)
	must(t, err)
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, ".pdf") && f.UncompressedSize64 > 1000 {
			n++
		}
	}
	if n != want {
		t.Errorf("%s holds %d PDFs, want %d", path, n, want)
	}
	_ = os.Remove(path)
}
