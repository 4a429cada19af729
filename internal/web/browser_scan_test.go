package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserScan opens the scan page in Chromium for a valid, an
// expired-QR, a revoked and a forged token, on a phone and on a desktop,
// and reads the verdict as a person would see it.
func TestBrowserScan(t *testing.T) {
	f := newFixture(t, false)
	valid := f.issue(t, f.values(t, 0, nil))
	revoked := f.issue(t, f.values(t, 1, nil))
	f.setStatus(t, revoked.ID.String(), "07")
	now := f.server(t, checkAt, false)
	later := f.server(t, checkAt.Add(120*24*time.Hour), false)
	ctx := browser(t, 90*time.Second) // closed before the servers: they need not wait for the connections
	dir := artefacts(t)
	tests := []struct {
		name, url, lang, want, also string
	}{
		{"valid", now.URL + path(valid.QR), "zh-CN", "有效", "武汉市**有限公司"},
		{"expired-qr", later.URL + path(valid.QR), "zh-CN", "已过期的二维码", "2026-06-13 10:00"},
		{"revoked", now.URL + path(revoked.QR), "zh-CN", "已吊销", "湖北楚**有限公司"},
		{"forged", now.URL + path(forge(valid.QR)), "zh-CN", "无法核验", "伪造"},
		{"valid-en", now.URL + path(valid.QR), "en-US,en", "Valid", "Issuing authority"},
	}
	for _, tt := range tests {
		for _, vp := range []struct{ w, h int64 }{{360, 740}, {1280, 800}} {
			name := fmt.Sprintf("%s at %dx%d", tt.name, vp.w, vp.h)
			must(t, chromedp.Do(ctx, language(tt.lang), viewport(vp.w, vp.h), chromedp.Navigate(tt.url)))
			verdict := run(t, ctx, chromedp.Text(chromedp.CSS("#verdict strong")))
			body := run(t, ctx, chromedp.Text(chromedp.CSS("body")))
			overflow := run(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
			must(t, shot(ctx, dir, fmt.Sprintf("scan-%s-%dx%d", tt.name, vp.w, vp.h)))
			if strings.TrimSpace(verdict) != tt.want {
				t.Errorf("%s: verdict %q, want %q", name, verdict, tt.want)
			}
			if !strings.Contains(body, tt.also) {
				t.Errorf("%s: page lacks %q:\n%s", name, tt.also, body)
			}
			if overflow {
				t.Errorf("%s: the page is wider than the screen", name)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}
