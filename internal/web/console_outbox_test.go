package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"ezz/internal/agency"
	"ezz/internal/ledger"
)

// TestConsoleOutboxPush shows the outbox, pushes it to a real receiver with
// the console's button, and presses the button again: the second push sends
// nothing twice. A form without the CSRF token pushes nothing.
func TestConsoleOutboxPush(t *testing.T) {
	f := newFixture(t, false)
	var ids []string
	for i := 0; i < 3; i++ {
		ids = append(ids, f.issue(t, f.values(t, 0, nil)).ID.String())
	}
	recv := f.receiver(t)
	c, srv := f.consoleWith(t, agency.ServeOptions{Push: agency.PushOptions{To: recv}})
	cl := loggedIn(t, c, srv)
	csrf := sessionsCSRF(t, c)
	code, body := fetch(t, cl, http.MethodGet, srv.URL+"/outbox", nil, "")
	if code != 200 || !strings.Contains(body, "共 3 项待推送，其中 0 项已逾期") || !strings.Contains(body, recv) {
		t.Fatalf("outbox: %d:\n%s", code, body)
	}
	for _, id := range ids {
		if !strings.Contains(body, id) {
			t.Errorf("outbox lacks %s", id)
		}
	}
	for name, form := range map[string]url.Values{"no token": {}, "wrong token": {"csrf": {flip(csrf)}}} {
		if code, _ := fetch(t, cl, http.MethodPost, srv.URL+"/outbox/push", form, srv.URL); code != http.StatusForbidden {
			t.Errorf("push with %s: %d, want 403", name, code)
		}
	}
	if code, _ := fetch(t, cl, http.MethodPost, srv.URL+"/outbox/push", url.Values{"csrf": {csrf}}, "http://evil.example"); code != http.StatusForbidden {
		t.Errorf("push from another origin: %d, want 403", code)
	}
	if n := pending(t, f); n != 3 {
		t.Fatalf("refused pushes left %d pending, want 3", n)
	}
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/outbox/push", url.Values{"csrf": {csrf}}, srv.URL)
	if !strings.Contains(body, "新接收 3，此前已接收 0，被拒绝 0") || !strings.Contains(body, "共 0 项待推送") {
		t.Fatalf("push:\n%s", body)
	}
	events := pushEvents(t, f)
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/outbox/push", url.Values{"csrf": {csrf}}, srv.URL)
	if !strings.Contains(body, "新接收 0，此前已接收 0，被拒绝 0") {
		t.Errorf("second push:\n%s", body)
	}
	if again := pushEvents(t, f); again != events {
		t.Errorf("the second press wrote %d push events, want none", again-events)
	}
}

// TestConsoleOutboxRejectedOverdue shows a rejected entry with the
// repository's reason, hostile markup escaped, and an overdue one in red.
func TestConsoleOutboxRejectedOverdue(t *testing.T) {
	f := newFixture(t, false)
	good := f.issue(t, f.values(t, 0, nil))
	bad := f.issue(t, f.values(t, 0, nil))
	recv := f.receiver(t)
	c, srv := f.consoleWith(t, agency.ServeOptions{Push: agency.PushOptions{To: recv}})
	cl := loggedIn(t, c, srv)
	ctx := context.Background()
	items, err := f.led.Outbox(ctx, 10)
	must(t, err)
	hostile := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	for _, it := range items {
		if it.Identifier == bad.ID.String() {
			must(t, f.led.RecordRejections(ctx, []ledger.Rejection{{OutboxID: it.ID, Code: "province-" + hostile,
				Reason: hostile, Target: recv}}, ledger.Stamp{At: checkAt, Actor: "test", Station: "HQ"}))
		}
	}
	a := f.agencyOf(t)
	_, err = a.Change(ctx, agency.ChangeOptions{Target: agency.Target{ID: good.ID.String()}, Action: agency.Suspend, Reason: "test"})
	must(t, err)
	f.at.set(checkAt.Add(7 * 24 * time.Hour))
	_, body := fetch(t, cl, http.MethodGet, srv.URL+"/outbox", nil, "")
	if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
		t.Fatalf("markup from a rejection reached the page:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the rejection's reason is not shown:\n%s", body)
	}
	if !strings.Contains(body, `<tr class="overdue">`) || !strings.Contains(body, "已逾期") || !strings.Contains(body, "其中 1 项已逾期，1 项被省级库拒绝") {
		t.Errorf("the overdue suspension is not shown in red:\n%s", body)
	}
	csrf := sessionsCSRF(t, c)
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/outbox/push", url.Values{"csrf": {csrf}}, srv.URL)
	if !strings.Contains(body, "新接收 2，") || !strings.Contains(body, "共 1 项待推送，其中 0 项已逾期，1 项被省级库拒绝") ||
		!strings.Contains(body, `id="retry-rejected"`) {
		t.Errorf("a push leaves the rejected entry for a clerk:\n%s", body)
	}
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/outbox/push", url.Values{"csrf": {csrf}, "retry-rejected": {"1"}}, srv.URL)
	if !strings.Contains(body, "新接收 1，") || !strings.Contains(body, "共 0 项待推送") {
		t.Errorf("a push with the rejected entries again:\n%s", body)
	}
}

// pending counts the ledger's pending outbox entries.
func pending(t testing.TB, f *fixture) int {
	t.Helper()
	items, err := f.led.Outbox(context.Background(), 1000)
	must(t, err)
	return len(items)
}

// pushEvents counts the ledger's events.
func pushEvents(t testing.TB, f *fixture) int {
	t.Helper()
	evs, err := f.led.EventsSince(context.Background(), 0, 1_000_000)
	must(t, err)
	return len(evs)
}
