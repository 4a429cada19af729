package web_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	_ "modernc.org/sqlite"

	"ezz/internal/agency"
)

// TestBrowserReceiverScan opens the scan page of `ezz repository serve` in
// Chromium: the status is the one pushed to the receiver — a valid and a
// revoked certificate — and a certificate never pushed cannot be verified
// there. Each look-up is in the receiver's access log.
func TestBrowserReceiverScan(t *testing.T) {
	f := newFixture(t, false)
	valid := f.issue(t, f.values(t, 0, nil))
	revoked := f.issue(t, f.values(t, 1, nil))
	recv, db := f.receiverDB(t)
	ctx := browser(t, 60*time.Second) // closed first: the receiver need not wait for its connections
	a := f.agencyOf(t)
	bg := context.Background()
	_, err := a.Change(bg, agency.ChangeOptions{Target: agency.Target{ID: revoked.ID.String()}, Action: agency.Revoke, Reason: "违法经营"})
	must(t, err)
	rep, err := a.Push(bg, agency.PushOptions{To: recv, Attempts: 1, Timeout: 10 * time.Second})
	must(t, err)
	if rep.Pushed != 3 {
		t.Fatalf("pushed %d items, want 3 (two issues and a revocation)", rep.Pushed)
	}
	unpushed := f.issue(t, f.values(t, 0, nil))
	dir := artefacts(t)
	for _, tt := range []struct{ name, path, want, also string }{
		{"valid", path(valid.QR), "有效", "武汉市**有限公司"},
		{"revoked", path(revoked.QR), "已吊销", "湖北楚**有限公司"},
		{"not-pushed", path(unpushed.QR), "无法核验", "没有"},
	} {
		must(t, chromedp.Do(ctx, language("zh-CN"), viewport(360, 740), chromedp.Navigate(recv+tt.path)))
		verdict := run(t, ctx, chromedp.Text(chromedp.CSS("#verdict strong")))
		body := run(t, ctx, chromedp.Text(chromedp.CSS("body")))
		must(t, shot(ctx, dir, "repository-scan-"+tt.name+"-360x740"))
		if strings.TrimSpace(verdict) != tt.want || !strings.Contains(body, tt.also) {
			t.Errorf("%s: verdict %q, want %q with %q:\n%s", tt.name, verdict, tt.want, tt.also, body)
		}
	}
	var n int
	must(t, db.QueryRow(`SELECT count(*) FROM access_log WHERE action = 'scan' AND station = 'repository'`).Scan(&n))
	if n != 3 {
		t.Errorf("the receiver's access log holds %d scans, want 3", n)
	}
}

// receiverDB is f.receiver with its store opened for reading.
func (f *fixture) receiverDB(t testing.TB) (string, *sql.DB) {
	t.Helper()
	dir := t.TempDir()
	url := f.receiverAt(t, filepath.Join(dir, "repository.db"))
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "repository.db")+"?mode=ro")
	must(t, err)
	t.Cleanup(func() { db.Close() })
	return url, db
}

// TestBrowserTLS serves the console as `ezz serve --allow-remote --tls-cert
// --tls-key` does, on every address, with a certificate made here: Chromium
// (told to accept it) logs in over HTTPS, and a client that trusts the
// certificate gets a Secure session cookie; plain HTTP is not answered.
func TestBrowserTLS(t *testing.T) {
	f := newFixture(t, false)
	certFile, keyFile, pool := testCertificate(t)
	o := agency.ServeOptions{Listen: "0.0.0.0:0", AllowRemote: true, CertFile: certFile, KeyFile: keyFile, Templates: templatesDir}
	l, err := agency.ServeListen(o)
	must(t, err)
	links := make(chan string, 1)
	o.Ready = func(u string) { links <- u }
	sctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.agencyOf(t).Serve(sctx, l, o) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	var link string
	select {
	case link = <-links:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	ctx := browser(t, 60*time.Second, chromedp.Flag("ignore-certificate-errors", true)) // closed before the server
	_, port, _ := net.SplitHostPort(l.Addr().String())
	if !strings.HasPrefix(link, "https://") {
		t.Fatalf("login link %s is not https", link)
	}
	local := strings.Replace(link, l.Addr().String(), "127.0.0.1:"+port, 1)
	step(t, ctx, 30*time.Second, viewport(1280, 800), chromedp.Navigate(local), chromedp.WaitVisible(chromedp.ID("upload")))
	if proto := run(t, ctx, chromedp.Evaluate[string](`location.protocol`)); proto != "https:" {
		t.Errorf("console served over %s", proto)
	}
	must(t, shot(ctx, artefacts(t), "console-tls-1280x800"))

	cl := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cl.Get("https://localhost:" + port + "/login?t=used")
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a used login link over TLS: %d, want 403", res.StatusCode)
	}
	plain := &http.Client{Timeout: 5 * time.Second}
	if res, err := plain.Get("http://127.0.0.1:" + port + "/"); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("plain HTTP to the TLS console: %d, want refused (400)", res.StatusCode)
		}
	}
}

// testCertificate writes a self-signed TLS certificate for 127.0.0.1 and
// localhost, and returns its files and a pool that trusts it.
func testCertificate(t testing.TB) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ezz test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	must(t, err)
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	must(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	must(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	must(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600))
	c, err := x509.ParseCertificate(der)
	must(t, err)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}
