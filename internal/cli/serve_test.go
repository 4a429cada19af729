package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while ezz serve writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs ezz serve in-process on a loopback port: it prints a
// one-time login link that opens the console, serves the scan page beside
// it, and stops cleanly (exit 0) when its context ends.
func TestServe(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "serve-test-passphrase")
	for _, args := range [][]string{{"--home", home, "init"}, {"--home", home, "keys", "init", "--pilot"}} {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), args, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("ezz %v: exit %d: %s", args, code, errb.String())
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"--home", home, "serve", "--listen", "127.0.0.1:0", "--templates", "../../templates"},
			strings.NewReader(""), &out, &errb)
	}()
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/login\?t=[A-Za-z0-9_-]{43}`)
	var url string
	for url == "" && ctx.Err() == nil {
		select {
		case code := <-done:
			t.Fatalf("ezz serve exited %d early: %s", code, errb.String())
		case <-time.After(50 * time.Millisecond):
		}
		url = link.FindString(out.String())
	}
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	base := url[:strings.Index(url, "/login")]
	for _, tt := range []struct{ url, want string }{
		{url, "上传登记表"},                         // the login link, redirected to the console
		{base + "/", "食品经营许可证"},                // the session works: the templates are offered
		{base + "/v/EZZ1:NOT:A-TOKEN", "无法核验"}, // the scan page beside it
	} {
		res, err := cl.Get(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), tt.want) {
			t.Errorf("GET %s: %d, want 200 with %q", tt.url, res.StatusCode, tt.want)
		}
	}
	if res, err := cl.Get(url); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("the login link a second time: %d, want 403", res.StatusCode)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("ezz serve exited %d after its context ended: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ezz serve did not stop")
	}
}
