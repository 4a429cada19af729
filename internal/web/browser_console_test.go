package web_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"ezz/internal/agency"
)

const sampleRegister = "../../samples/food-business-register.xlsx"

// TestBrowserConsole drives the clerk's console end to end in Chromium: log
// in with the one-time link, upload the sample register, read the column
// mapping and the check, start the conversion, follow its live progress to
// the end, download the rejects workbook and the zip of PDFs, push the
// outbox to a receiver, and revoke a certificate found by its number.
func TestBrowserConsole(t *testing.T) {
	f := newFixture(t, true)
	recv := f.receiver(t)
	c, srv := f.consoleWith(t, agency.ServeOptions{Push: agency.PushOptions{To: recv}})
	ctx := browser(t, 150*time.Second) // closed first: the servers need not wait for its connections
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
	step(t, ctx, 15*time.Second, recordProgress)
	step(t, ctx, 60*time.Second, chromedp.Click(chromedp.ID("start")), chromedp.WaitVisible(chromedp.ID("summary")))
	checkProgress(t, ctx)
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
	number := browserPush(t, ctx, srv.URL, dir)
	browserRevoke(t, ctx, srv.URL, number, dir)
}

// progressLog records the progress figures each time the page changes them,
// in sessionStorage (kept across the reload at the end); Chromium runs it
// in every new document before the page's own script.
const progressLog = `(function () {
  var ids = ["p-rows", "p-total", "p-rejected", "p-rate", "p-eta"];
  var snap = function () {
    var o = {}, any = false;
    ids.forEach(function (id) { var e = document.getElementById(id); if (e) { o[id] = e.textContent; any = true; } });
    if (!any) { return; }
    var seen = JSON.parse(sessionStorage.getItem("ezz-progress") || "[]");
    seen.push(o);
    sessionStorage.setItem("ezz-progress", JSON.stringify(seen));
  };
  document.addEventListener("DOMContentLoaded", function () {
    snap();
    new MutationObserver(snap).observe(document.body, {subtree: true, childList: true, characterData: true});
  });
})();`

var recordProgress = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: progressLog})
	return err
})

// checkProgress reads the figures the job page showed while the conversion
// ran: rows read up to all 49, the 7 rejects, a rate and the time left.
func checkProgress(t testing.TB, ctx context.Context) {
	t.Helper()
	raw := run(t, ctx, chromedp.Evaluate[string](`sessionStorage.getItem("ezz-progress") || "[]"`))
	var seen []map[string]string
	must(t, json.Unmarshal([]byte(raw), &seen))
	if len(seen) == 0 {
		t.Fatal("the job page showed no progress")
	}
	maxRows, maxRejected, rated := 0, 0, false
	eta := regexp.MustCompile(`^(\d+ s|—)$`)
	for _, s := range seen {
		rows, err := strconv.Atoi(s["p-rows"])
		if err != nil || rows < maxRows {
			t.Errorf("rows read went from %d to %q", maxRows, s["p-rows"])
		}
		maxRows = max(maxRows, rows)
		rej, _ := strconv.Atoi(s["p-rejected"])
		maxRejected = max(maxRejected, rej)
		if r, err := strconv.ParseFloat(s["p-rate"], 64); err == nil && r > 0 {
			rated = true
		}
		if !eta.MatchString(s["p-eta"]) {
			t.Errorf("time left %q", s["p-eta"])
		}
	}
	t.Logf("%d progress updates seen, the last %v", len(seen), seen[len(seen)-1])
	if len(seen) < 2 || maxRows != 49 || maxRejected != 7 || !rated {
		t.Errorf("live progress: %d updates, rows up to %d (want 49), rejects up to %d (want 7), a rate > 0 shown %v:\n%s",
			len(seen), maxRows, maxRejected, rated, raw)
	}
}

// browserPush opens the outbox — the 42 new certificates, due within 5
// working days — pushes it to the receiver and returns the number of the
// first certificate.
func browserPush(t testing.TB, ctx context.Context, base, dir string) string {
	t.Helper()
	step(t, ctx, 30*time.Second, viewport(1280, 800), chromedp.Navigate(base+"/outbox"), chromedp.WaitVisible(chromedp.ID("push")))
	if n := run(t, ctx, chromedp.Text(chromedp.ID("outbox-count"))); !strings.Contains(n, "共 42 项待推送，其中 0 项已逾期") {
		t.Errorf("outbox count %q", n)
	}
	number := run(t, ctx, chromedp.Text(chromedp.CSS("#outbox tbody tr:first-child td:nth-child(2)")))
	due := run(t, ctx, chromedp.Text(chromedp.CSS("#outbox tbody tr:first-child td.due")))
	if !strings.Contains(due, "北京时间") || !strings.Contains(due, "个工作日") {
		t.Errorf("due %q", due)
	}
	must(t, shot(ctx, dir, "console-outbox-1280x800"))
	step(t, ctx, 60*time.Second, chromedp.Click(chromedp.ID("push")), chromedp.WaitVisible(chromedp.ID("message")))
	if m := run(t, ctx, chromedp.Text(chromedp.ID("message"))); !strings.Contains(m, "新接收 42，此前已接收 0，被拒绝 0") {
		t.Errorf("push: %q", m)
	}
	must(t, shot(ctx, dir, "console-pushed-1280x800"))
	return strings.TrimSpace(number)
}

// browserRevoke finds the certificate by its number, asks to revoke it,
// confirms, and sees 07 吊销; the outbox then holds the revocation.
func browserRevoke(t testing.TB, ctx context.Context, base, number, dir string) {
	t.Helper()
	step(t, ctx, 30*time.Second, chromedp.Navigate(base+"/certificates"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), number), chromedp.Click(chromedp.ID("search")), chromedp.WaitVisible(chromedp.ID("act-0")),
		chromedp.SetValue(chromedp.ID("action-0"), "revoke"), chromedp.SendKeys(chromedp.ID("reason-0"), "违法经营，依法吊销"),
		chromedp.Click(chromedp.ID("act-0")), chromedp.WaitVisible(chromedp.ID("confirm")))
	if p := run(t, ctx, chromedp.Text(chromedp.ID("preview"))); !strings.Contains(p, "01 有效 → 07 吊销") {
		t.Errorf("confirmation %q", p)
	}
	must(t, chromedp.Do(ctx, viewport(360, 740)))
	must(t, shot(ctx, dir, "console-confirm-360x740"))
	step(t, ctx, 30*time.Second, chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.ID("message")))
	if st := run(t, ctx, chromedp.Text(chromedp.CSS("dd.status"))); !strings.Contains(st, "07 吊销") {
		t.Errorf("status after revoking: %q", st)
	}
	must(t, shot(ctx, dir, "console-revoked-360x740"))
	step(t, ctx, 30*time.Second, chromedp.Navigate(base+"/outbox"), chromedp.WaitVisible(chromedp.ID("push")))
	if n := run(t, ctx, chromedp.Text(chromedp.ID("outbox-count"))); !strings.Contains(n, "共 1 项待推送") {
		t.Errorf("outbox after the revocation: %q", n)
	}
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
