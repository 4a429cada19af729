package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"ezz/internal/web"
	"ezz/internal/workday"
)

var noRedirects = &http.Client{Timeout: 20 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches path from srv with the Accept-Language, returning status and body.
func get(t testing.TB, srv string, path, lang string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv+path, nil)
	must(t, err)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	res, err := noRedirects.Do(req)
	must(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	must(t, err)
	return res.StatusCode, res.Header, string(body)
}

// path returns the scan path of a payload made with the workspace's prefix.
func path(payload string) string {
	if _, tok, ok := strings.Cut(payload, "/v/"); ok {
		return "/v/" + tok
	}
	return "/v/" + payload
}

func TestScanVerdicts(t *testing.T) {
	f := newFixture(t, false)
	valid := f.issue(t, f.values(t, 0, nil))
	revoked := f.issue(t, f.values(t, 1, nil))
	f.setStatus(t, revoked.ID.String(), "07")
	cancelled := f.issue(t, f.values(t, 0, map[string]string{"license_no": "JY14201030000099"}))
	f.setStatus(t, cancelled.ID.String(), "04")
	suspended := f.issue(t, f.values(t, 1, map[string]string{"license_no": "JY14201030000098"}))
	f.setStatus(t, suspended.ID.String(), "02")
	expiredAt := time.Date(2026, 6, 13, 10, 0, 0, 0, workday.Shanghai) // issueTime + 90 days
	tests := []struct {
		name, path, lang string
		at               time.Time
		status           int
		want             []string
	}{
		{"valid zh", path(valid.QR), "zh-CN,zh;q=0.9", checkAt, 200, []string{`data-verdict="valid"`, "<strong>有效</strong>", "武汉市**有限公司", "91420103********", "食品经营许可证"}},
		{"valid en", path(valid.QR), "en-GB,en;q=0.9,zh;q=0.5", checkAt, 200, []string{"<strong>Valid</strong>", "Issuing authority"}},
		{"expired qr", path(valid.QR), "zh", expiredAt.Add(time.Hour), 200, []string{`data-verdict="expired-qr"`, "已过期的二维码", "2026-06-13 10:00（北京时间）", "重新出示"}},
		{"revoked", path(revoked.QR), "zh", checkAt, 200, []string{`data-verdict="revoked"`, "已吊销"}},
		{"cancelled", path(cancelled.QR), "zh", checkAt, 200, []string{"已注销"}},
		{"suspended", path(suspended.QR), "en", checkAt, 200, []string{`data-verdict="other-status"`, "Not in force"}},
		{"forged", path(forge(valid.QR)), "zh", checkAt, 200, []string{`data-verdict="cannot-verify"`, "无法核验", "伪造"}},
		{"unknown key", "/v/" + foreignToken(t, valid.ID.String()), "en", checkAt, 200, []string{"Cannot verify", "not one this site trusts"}},
		{"not a token", "/v/hello", "zh", checkAt, 200, []string{"无法核验", "不是电子证照的二维码"}},
		{"capital path", "/V/" + strings.TrimPrefix(path(valid.QR), "/v/"), "zh", checkAt, 200, []string{"<strong>有效</strong>"}},
		{"lapsed certificate", path(valid.QR), "zh", time.Date(2031, 3, 15, 9, 0, 0, 0, workday.Shanghai), 200, []string{`data-verdict="lapsed"`}},
		{"no token", "/v/", "zh", checkAt, 400, []string{"没有二维码内容"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := f.server(t, tt.at, false)
			status, h, body := get(t, srv.URL, tt.path, tt.lang)
			if status != tt.status {
				t.Fatalf("status %d, want %d; body:\n%s", status, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'none'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("headers %v", h)
			}
		})
	}
}

// TestScanHostileRecord issues a certificate whose record fields are markup
// and checks the page shows them as text, masked or in full.
func TestScanHostileRecord(t *testing.T) {
	f := newFixture(t, false)
	hostile := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	c := f.issue(t, f.values(t, 0, map[string]string{"operator_name": hostile + "餐饮管理有限公司", "premises": hostile}))
	for _, staff := range []bool{false, true} {
		srv := f.server(t, checkAt, staff)
		_, _, body := get(t, srv.URL, path(c.QR), "zh")
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
			t.Fatalf("staff %v: markup from the record reached the page:\n%s", staff, body)
		}
		if staff && !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("staff: the full record does not show the hostile value escaped:\n%s", body)
		}
		if !staff && strings.Contains(body, "alert") && !strings.Contains(body, "&lt;sc**") {
			t.Errorf("public page shows more than the masked name:\n%s", body)
		}
	}
}

// TestScanAccessLogAndLimit checks every look-up is logged and a client
// over its limit is refused.
func TestScanAccessLogAndLimit(t *testing.T) {
	f := newFixture(t, false)
	c := f.issue(t, f.values(t, 0, nil))
	s := web.NewScan(web.ScanOptions{Verifier: f.checker(checkAt), Log: f.led, Station: "HQ",
		Limit: web.Limit{PerMinute: 1, Burst: 3}, Now: func() time.Time { return checkAt }})
	srv := httptestServer(t, s)
	for i, want := range []int{200, 200, 200, 429} {
		status, h, _ := get(t, srv, path(c.QR), "zh")
		if status != want {
			t.Fatalf("look-up %d: status %d, want %d", i+1, status, want)
		}
		if want == 429 && h.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	log, err := f.led.AccessLog(context.Background(), time.Time{})
	must(t, err)
	if len(log) != 3 {
		t.Fatalf("%d access-log entries, want 3 (the refused look-up is not verified): %+v", len(log), log)
	}
	a := log[0]
	if a.Action != "scan" || a.Subject != c.ID.String() || a.Result != "valid" || !strings.HasPrefix(a.Actor, "web:127.0.0.1") {
		t.Errorf("access-log entry %+v", a)
	}
}

// TestScanPathKept sends a token whose Base45 part holds "//" and "/./"
// through Wrap in front of a ServeMux, which would clean such a path.
func TestScanPathKept(t *testing.T) {
	f := newFixture(t, false)
	c := f.issue(t, f.values(t, 0, nil))
	tok := strings.TrimPrefix(path(c.QR), "/v/")
	i := len(tok) - 8
	for strings.Contains(tok[i-2:i+4], "%") {
		i--
	}
	bad := tok[:i] + "//./" + tok[i+4:]
	mux := http.NewServeMux()
	mux.Handle("/", http.NotFoundHandler())
	s := web.NewScan(web.ScanOptions{Verifier: f.checker(checkAt), Now: func() time.Time { return checkAt }})
	srv := httptestServerHandler(t, s.Wrap(mux))
	status, _, body := get(t, srv, "/v/"+bad, "zh")
	if status != 200 || !strings.Contains(body, `data-verdict="cannot-verify"`) {
		t.Fatalf("status %d: want the altered token judged, not redirected to a cleaned path:\n%s", status, body)
	}
}
