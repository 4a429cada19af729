package ledger

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// setStatus is a rule for the tests: always move to the given state; refuse
// when already there.
func setStatus(code string, pledged bool) Decide {
	return func(cur State) (State, error) {
		if cur.Status == code && cur.Pledged == pledged {
			return cur, errors.New("refused: already there")
		}
		return State{Status: code, Pledged: pledged}, nil
	}
}

func TestApplyChange(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	first := issuance("S01", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{first}); err != nil {
		t.Fatal(err)
	}
	due := t0.Add(48 * time.Hour)
	c := Change{Identifier: first.Identifier, Action: "pledge", Reason: "质押给银行", Actor: "clerk", Station: "S01",
		At: t0.Add(time.Hour), Deadline: due, Decide: setStatus("01", true)}
	got, err := l.ApplyChange(ctx, c)
	if err != nil || got.From != (State{"01", false}) || got.To != (State{"01", true}) {
		t.Fatalf("pledge: got %+v, %v", got, err)
	}
	if _, err := l.ApplyChange(ctx, c); err == nil || !strings.Contains(err.Error(), "already there") {
		t.Errorf("a refused change: got %v, want the rule's refusal", err)
	}
	cert, err := l.ByIdentifier(ctx, first.Identifier)
	if err != nil || !cert.Pledged || cert.StatusReason != "质押给银行" {
		t.Errorf("after pledge: got %+v, %v", cert, err)
	}
	items, err := l.Outbox(ctx, 10)
	if err != nil || len(items) != 2 || !items[0].Deadline.Equal(due) || items[0].Kind != KindLifecycle || items[0].Number != first.Number {
		t.Errorf("outbox: got %+v, %v; want the pledge due %s first, then the issue without a deadline", items, err, due)
	}
	evs, _ := l.Events(ctx, first.Identifier)
	if last := evs[len(evs)-1]; last.Kind != KindLifecycle || !strings.Contains(last.Detail, `"action":"pledge"`) || last.Seq != got.Event {
		t.Errorf("last event: got %+v", last)
	}
	if _, err := l.ApplyChange(ctx, Change{Identifier: "1.2.156.3005.2.X.Y.NOPE.001.Z", Action: "revoke", Reason: "x",
		Actor: "a", At: t0, Decide: setStatus("07", false)}); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown certificate: got %v, want ErrNotFound", err)
	}
	if _, err := l.ApplyChange(ctx, Change{Identifier: first.Identifier, Action: "revoke", Actor: "a", At: t0,
		Decide: setStatus("07", false)}); err == nil {
		t.Error("a change without a reason: got nil error")
	}
}

func TestApplyVersion(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	first, second := issuance("S01", 1, ""), issuance("S01", 2, "")
	if err := l.IssueBatch(ctx, []Issuance{first, second}); err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(first.Identifier, ".001.X", ".002.Y", 1)
	vc := VersionChange{Change: Change{Action: "alter", Reason: "变更地址", Actor: "clerk", Station: "S01", At: t0.Add(time.Hour),
		Decide: setStatus("01", true)}, Previous: first.Identifier, New: v2, Version: 2, Number: first.Number,
		HolderCode: first.HolderCode, Record: []byte(`{"v":2}`), PDFPath: "out/v2.pdf", PDFSM3: "cd"}
	if _, err := l.ApplyVersion(ctx, vc); err != nil {
		t.Fatal(err)
	}
	if _, err := l.ApplyVersion(ctx, vc); !errors.Is(err, ErrStale) {
		t.Errorf("the same alteration twice: got %v, want ErrStale", err)
	}
	old, err := l.ByIdentifier(ctx, first.Identifier)
	if err != nil || old.Current() || old.Identifier != v2 || old.Version != 2 || !old.Pledged {
		t.Errorf("old version after alteration: got %+v, %v", old, err)
	}
	dup := vc
	dup.Previous, dup.New, dup.Number = second.Identifier, strings.Replace(second.Identifier, ".001.X", ".002.Y", 1), first.Number
	if _, err := l.ApplyVersion(ctx, dup); !errors.Is(err, ErrDuplicateNumber) {
		t.Errorf("altering to another certificate's number: got %v, want ErrDuplicateNumber", err)
	}
	if ps, err := l.Check(ctx); err != nil || len(ps) != 0 {
		t.Errorf("check after alterations: got %v, %v", ps, err)
	}
}

func TestChangeRows(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	first := issuance("S01", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{first}); err != nil {
		t.Fatal(err)
	}
	row := &ChangeRow{WorkbookSM3: "ff", Key: "Sheet1!2"}
	if err := l.RejectChangeRow(ctx, *row, "not found", t0); err != nil {
		t.Fatal(err)
	}
	c := Change{Identifier: first.Identifier, Action: "suspend", Reason: "x", Actor: "a", At: t0, Decide: setStatus("02", false), Row: row}
	if _, err := l.ApplyChange(ctx, c); err != nil {
		t.Fatalf("a rejected row applied later: %v", err)
	}
	c.Decide = setStatus("07", false)
	if _, err := l.ApplyChange(ctx, c); !errors.Is(err, ErrRowApplied) {
		t.Errorf("the row again: got %v, want ErrRowApplied", err)
	}
	if err := l.RejectChangeRow(ctx, *row, "late", t0); err == nil {
		t.Error("an applied row was turned into a reject")
	}
	done, err := l.AppliedRows(ctx, "ff")
	if err != nil || len(done) != 1 || done["Sheet1!2"].Identifier != first.Identifier {
		t.Errorf("AppliedRows: got %+v, %v", done, err)
	}
}

func TestReviews(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	first := issuance("S01", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{first}); err != nil {
		t.Fatal(err)
	}
	r, err := l.OpenReview(ctx, Review{Identifier: first.Identifier, Reason: "地址有误", ReceivedAt: t0, Deadline: t0.Add(72 * time.Hour), Rule: "hubei"}, "clerk", "S01", t0)
	if err != nil || r.ID == 0 {
		t.Fatalf("open review: %+v, %v", r, err)
	}
	s, err := l.Summarize(ctx, t0.Add(100*time.Hour), t0.Add(110*time.Hour))
	if err != nil || s.OpenReviews != 1 || s.LateReviews != 1 || s.ByStatus["01"] != 1 || s.Pending != 1 {
		t.Errorf("summary: got %+v, %v", s, err)
	}
	if _, err := l.CloseReview(ctx, r.ID, "已更正", "chief", "S01", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := l.CloseReview(ctx, r.ID, "again", "chief", "S01", t0.Add(2*time.Hour)); !errors.Is(err, ErrReviewClosed) {
		t.Errorf("closing twice: got %v, want ErrReviewClosed", err)
	}
	if _, err := l.CloseReview(ctx, 99, "x", "chief", "S01", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("closing an unknown review: got %v, want ErrNotFound", err)
	}
	if open, _ := l.Reviews(ctx, false); len(open) != 0 {
		t.Errorf("open reviews after closing: %+v", open)
	}
	if _, err := l.db.ExecContext(ctx, "UPDATE reviews SET outcome = 'forged'"); err == nil {
		t.Error("a closed review was changed")
	}
}

func TestCheckFindsDamage(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 1, ""), issuance("S01", 2, "")}); err != nil {
		t.Fatal(err)
	}
	if ps, err := l.Check(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("a sound ledger: got %v, %v", ps, err)
	}
	// What a hand edit with the triggers dropped would do.
	for _, q := range []string{"DROP TRIGGER certificates_event_update", "UPDATE certificates SET version = 3 WHERE serial_n = 1",
		"UPDATE stations SET next_serial = 1", "UPDATE certificates SET status = 'XX' WHERE serial_n = 2"} {
		if _, err := l.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := l.Check(ctx)
	rules := map[string]bool{}
	for _, p := range ps {
		rules[p.Rule] = true
	}
	for _, want := range []string{"current-version", "version-count", "serial-counter", "status-code"} {
		if !rules[want] {
			t.Errorf("check: rule %s not reported (got %v, %v)", want, ps, err)
		}
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 1, "")}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := l.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := l.Backup(ctx, dest); err == nil {
		t.Error("a backup overwrote an existing file")
	}
	b, err := Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if ps, err := b.Check(ctx); err != nil || len(ps) != 0 {
		t.Errorf("check of the backup: %v, %v", ps, err)
	}
	n := 0
	b.EachFile(ctx, func(RecordedFile) error { n++; return nil })
	if n != 1 {
		t.Errorf("backup lists %d files, want 1", n)
	}
}

func TestRecordRepair(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	first := issuance("S01", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{first}); err != nil {
		t.Fatal(err)
	}
	if err := l.RecordRepair(ctx, first.Identifier, first.PDFPath, "ee", false, "clerk", "S01", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var got []RecordedFile
	l.EachFile(ctx, func(f RecordedFile) error { got = append(got, f); return nil })
	if len(got) != 1 || got[0].SM3 != "ee" {
		t.Errorf("after repair: got %+v, want the repaired SM3 ee", got)
	}
}
