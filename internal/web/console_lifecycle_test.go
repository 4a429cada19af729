package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"ezz/internal/agency"
	"ezz/internal/ledger"
)

var onceField = regexp.MustCompile(`name="once" value="([^"]+)"`)

// confirmAct asks for the confirmation of an action and returns the page
// and its one-time token ("" when the action was refused).
func confirmAct(t testing.TB, cl *http.Client, base, csrf string, form url.Values) (string, string) {
	t.Helper()
	form.Set("csrf", csrf)
	code, body := fetch(t, cl, http.MethodPost, base+"/certificates/confirm", form, base)
	if code != http.StatusOK {
		t.Fatalf("confirm %v: %d\n%s", form, code, body)
	}
	if m := onceField.FindStringSubmatch(body); m != nil {
		return body, m[1]
	}
	return body, ""
}

// TestConsoleLifecycle revokes a certificate found by its number through the
// confirmation step, submits the confirmation twice, and checks the event
// is the one `ezz revoke` writes; a move the state machine refuses, an
// unknown action and a missing reason are shown as errors.
func TestConsoleLifecycle(t *testing.T) {
	f := newFixture(t, false)
	a1 := f.issue(t, f.values(t, 0, nil))
	b1 := f.issue(t, f.values(t, 0, nil))
	d1 := f.issue(t, f.values(t, 0, nil))
	c, srv := f.console(t)
	cl := loggedIn(t, c, srv)
	csrf := sessionsCSRF(t, c)
	ctx := context.Background()
	number := a1.Record.Meta.ZZBH + "-" + a1.ID.Serial
	_, body := fetch(t, cl, http.MethodGet, srv.URL+"/certificates?q="+url.QueryEscape(number), nil, "")
	if !strings.Contains(body, a1.ID.String()) || strings.Contains(body, b1.ID.String()) || !strings.Contains(body, `id="act-0"`) {
		t.Fatalf("find by number %s:\n%s", number, body)
	}
	revoke := url.Values{"identifier": {a1.ID.String()}, "action": {"revoke"}, "reason": {"违法经营"}, "q": {number}}
	if code, _ := fetch(t, cl, http.MethodPost, srv.URL+"/certificates/confirm", revoke, srv.URL); code != http.StatusForbidden {
		t.Errorf("confirm without the CSRF token: %d, want 403", code)
	}
	page, once := confirmAct(t, cl, srv.URL, csrf, revoke)
	if once == "" || !strings.Contains(page, "01 有效 → 07 吊销") {
		t.Fatalf("confirmation page:\n%s", page)
	}
	if st := statusOf(t, f, a1.ID.String()); st != "01" {
		t.Fatalf("the confirmation page changed the status to %s", st)
	}
	act := url.Values{"csrf": {csrf}, "once": {once}}
	for k, v := range revoke {
		act[k] = v
	}
	noToken := url.Values{}
	for k, v := range act {
		noToken[k] = v
	}
	noToken.Del("csrf")
	if code, _ := fetch(t, cl, http.MethodPost, srv.URL+"/certificates/act", noToken, srv.URL); code != http.StatusForbidden {
		t.Errorf("act without the CSRF token: %d, want 403", code)
	}
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/certificates/act", act, srv.URL)
	if !strings.Contains(body, "吊销 "+a1.ID.String()+"：01 有效 → 07 吊销") || statusOf(t, f, a1.ID.String()) != "07" {
		t.Fatalf("revoke:\n%s", body)
	}
	before := len(eventsOf(t, f, a1.ID.String()))
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/certificates/act", act, srv.URL)
	if !strings.Contains(body, "已经提交过") || len(eventsOf(t, f, a1.ID.String())) != before {
		t.Errorf("a second submission of the confirmation acted again:\n%s", body)
	}

	// the same event as ezz revoke (agency.Change, as cli/lifecycle.go calls it)
	a := f.agencyOf(t)
	_, err := a.Change(ctx, agency.ChangeOptions{Target: agency.Target{ID: b1.ID.String()}, Action: agency.Revoke, Reason: "违法经营"})
	must(t, err)
	ea, eb := eventsOf(t, f, a1.ID.String()), eventsOf(t, f, b1.ID.String())
	la, lb := ea[len(ea)-1], eb[len(eb)-1]
	if la.Kind != lb.Kind || la.Actor != lb.Actor || la.Station != lb.Station || la.Outcome != lb.Outcome ||
		strings.ReplaceAll(la.Detail, a1.ID.String(), b1.ID.String()) != lb.Detail {
		t.Errorf("console event %+v\nCLI event     %+v", la, lb)
	}

	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"wrong state", url.Values{"identifier": {a1.ID.String()}, "action": {"resume"}, "reason": {"x"}}, "docs/lifecycle.md"},
		{"unknown action", url.Values{"identifier": {a1.ID.String()}, "action": {"drop"}, "reason": {"x"}}, "控制台不提供操作"},
		{"no reason", url.Values{"identifier": {a1.ID.String()}, "action": {"cancel"}, "reason": {"  "}}, "请填写原因"},
		{"no certificate", url.Values{"identifier": {"1.2.156.3005.2.x"}, "action": {"cancel"}, "reason": {"x"}}, "台账中没有"},
		{"extend to an earlier day", url.Values{"identifier": {d1.ID.String()}, "action": {"extend"}, "reason": {"x"}, "until": {"2027-01-01"}}, "须晚于"},
	} {
		page, once := confirmAct(t, cl, srv.URL, csrf, tt.form)
		if once != "" || !strings.Contains(page, `class="verdict bad"`) || !strings.Contains(page, tt.want) {
			t.Errorf("%s: want the error %q and no confirmation:\n%s", tt.name, tt.want, page)
		}
	}
	// the state moved between the confirmation and the action: checked again
	_, once = confirmAct(t, cl, srv.URL, csrf, url.Values{"identifier": {d1.ID.String()}, "action": {"suspend"}, "reason": {"x"}})
	_, err = a.Change(ctx, agency.ChangeOptions{Target: agency.Target{ID: d1.ID.String()}, Action: agency.Annul, Reason: "elsewhere"})
	must(t, err)
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/certificates/act", url.Values{"csrf": {csrf}, "once": {once},
		"identifier": {d1.ID.String()}, "action": {"suspend"}, "reason": {"x"}}, srv.URL)
	if !strings.Contains(body, `class="verdict bad"`) || !strings.Contains(body, "docs/lifecycle.md") || statusOf(t, f, d1.ID.String()) != "03" {
		t.Errorf("an action confirmed before another clerk annulled the certificate:\n%s", body)
	}
	tt := url.Values{"identifier": {a1.ID.String()}, "action": {"resume"}, "reason": {"x"}}
	tt.Set("csrf", csrf)
	_, body = fetch(t, cl, http.MethodPost, srv.URL+"/certificates/confirm?lang=en", tt, srv.URL)
	if !strings.Contains(body, "docs/lifecycle.md lists what each state allows") {
		t.Errorf("the refusal is not in English under ?lang=en:\n%s", body)
	}
}

// TestConsoleExtend extends a certificate from the console: a new version
// made from the template on offer, with the new validity end.
func TestConsoleExtend(t *testing.T) {
	f := newFixture(t, false)
	cert := f.issue(t, f.values(t, 0, nil))
	c, srv := f.console(t)
	cl := loggedIn(t, c, srv)
	csrf := sessionsCSRF(t, c)
	form := url.Values{"identifier": {cert.ID.String()}, "action": {"extend"}, "reason": {"延续申请"}, "until": {"2036-03-14"}}
	page, once := confirmAct(t, cl, srv.URL, csrf, form)
	if once == "" || !strings.Contains(page, "2036-03-14") {
		t.Fatalf("confirmation:\n%s", page)
	}
	form.Set("csrf", csrf)
	form.Set("once", once)
	_, body := fetch(t, cl, http.MethodPost, srv.URL+"/certificates/act", form, srv.URL)
	next := strings.Replace(cert.ID.String(), ".001.", ".002.", 1)
	if !strings.Contains(body, "延续 ") || !strings.Contains(body, next[:len(next)-2]) {
		t.Errorf("extend:\n%s", body)
	}
}

// TestConsoleHostile puts markup in a record, a reason and a query: every
// new page shows it as text.
func TestConsoleHostile(t *testing.T) {
	f := newFixture(t, false)
	hostile := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	cert := f.issue(t, f.values(t, 0, map[string]string{"operator_name": hostile + "餐饮管理有限公司"}))
	c, srv := f.console(t)
	cl := loggedIn(t, c, srv)
	csrf := sessionsCSRF(t, c)
	_, find := fetch(t, cl, http.MethodGet, srv.URL+"/certificates?q="+url.QueryEscape(cert.ID.String()), nil, "")
	_, query := fetch(t, cl, http.MethodGet, srv.URL+"/certificates?q="+url.QueryEscape(hostile), nil, "")
	confirm, _ := confirmAct(t, cl, srv.URL, csrf, url.Values{"identifier": {cert.ID.String()}, "action": {"suspend"},
		"reason": {hostile}, "q": {hostile}})
	refused, _ := confirmAct(t, cl, srv.URL, csrf, url.Values{"identifier": {hostile}, "action": {hostile}, "reason": {hostile}, "q": {hostile}})
	for name, body := range map[string]string{"find": find, "query": query, "confirm": confirm, "refused": refused} {
		if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
			t.Errorf("%s: markup reached the page:\n%s", name, body)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: the hostile value is not shown escaped:\n%s", name, body)
		}
	}
}

func statusOf(t testing.TB, f *fixture, id string) string {
	t.Helper()
	c, err := f.led.ByIdentifier(context.Background(), id)
	must(t, err)
	return c.Status
}

func eventsOf(t testing.TB, f *fixture, id string) []ledger.Event {
	t.Helper()
	evs, err := f.led.Events(context.Background(), id)
	must(t, err)
	return evs
}
