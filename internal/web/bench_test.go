package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"ezz/internal/web"
)

// BenchmarkScan measures one scan-page look-up of a valid token: the token's
// and the record's signatures, the ledger's status, the access-log write and
// the page, without the network.
func BenchmarkScan(b *testing.B) {
	f := newFixture(b, false)
	c := f.issue(b, f.values(b, 0, nil))
	s := web.NewScan(web.ScanOptions{Verifier: f.checker(checkAt), Log: f.led, Station: "HQ",
		Limit: web.Limit{PerMinute: 1e9, Burst: 1e9}})
	req := httptest.NewRequest(http.MethodGet, path(c.QR), nil)
	req.RemoteAddr = "192.0.2.1:1234"
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}
