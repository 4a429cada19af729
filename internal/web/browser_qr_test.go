package web_test

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestQRRoundTrip goes the way a phone does: the certificate PDF rendered
// to an image (pdftoppm, 200 dpi), its QR code read by zbarimg, the decoded
// URL opened in Chromium — against this test's server instead of the
// agency's host — and the page says 有效.
func TestQRRoundTrip(t *testing.T) {
	pdftoppm, zbarimg := needTool(t, "pdftoppm"), needTool(t, "zbarimg")
	f := newFixture(t, true)
	c := f.issue(t, f.values(t, 0, nil))
	srv := f.server(t, checkAt, false)
	ctx := browser(t, 90*time.Second) // closed before the server: it need not wait for the connections
	dir := t.TempDir()
	pdf := filepath.Join(dir, "cert.pdf")
	must(t, os.WriteFile(pdf, c.PDF, 0o644))
	if out, err := exec.CommandContext(ctx, pdftoppm, "-r", "200", "-png", "-singlefile", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", filepath.Join(dir, "page.png")).Output()
	if err != nil {
		t.Fatalf("zbarimg read no QR code from the page: %v", err)
	}
	decoded := strings.TrimRight(string(out), "\n")
	if decoded != c.QR {
		t.Fatalf("zbarimg read %q, want the issued payload %q", decoded, c.QR)
	}
	u, err := url.Parse(decoded)
	must(t, err)
	if u.Host != "zz.example.gov.cn" || !strings.HasPrefix(u.EscapedPath(), "/v/EZZ1:") {
		t.Fatalf("decoded URL %q: want the workspace's qr_url_prefix then the token", decoded)
	}
	must(t, chromedp.Do(ctx, language("zh-CN,zh;q=0.9"), viewport(360, 740), chromedp.Navigate(srv.URL+u.EscapedPath())))
	if v := run(t, ctx, chromedp.Text(chromedp.CSS("#verdict strong"))); v != "有效" {
		t.Fatalf("verdict %q, want 有效", v)
	}
	must(t, shot(ctx, artefacts(t), "qr-round-trip-360x740"))
}
