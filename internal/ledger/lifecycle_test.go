package ledger

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBatchResume(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	spec := Batch{Station: "S01", Register: "登记表.xlsx", RegisterSM3: "aa", TemplateHash: "bb"}
	b, resumed, err := l.OpenBatch(ctx, spec, "clerk", t0)
	if err != nil || resumed || b.ID != "S01-20260302-001" {
		t.Fatalf("first OpenBatch: got %+v, %v, %v; want a new batch S01-20260302-001", b, resumed, err)
	}
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 1, b.ID), issuance("S01", 2, b.ID)}); err != nil {
		t.Fatal(err)
	}
	if err := l.RejectRows(ctx, b.ID, []Row{{Key: "Sheet1!9", RejectReason: "证照编号为空"}}, t0); err != nil {
		t.Fatal(err)
	}
	again, resumed, err := l.OpenBatch(ctx, spec, "clerk", t0.Add(time.Hour))
	if err != nil || !resumed || again.ID != b.ID {
		t.Fatalf("same register again: got %+v, %v, %v; want batch %s resumed", again, resumed, err, b.ID)
	}
	rows, err := l.BatchRows(ctx, b.ID)
	if err != nil || len(rows) != 3 || rows["Sheet1!2"].Identifier == "" || rows["Sheet1!9"].RejectReason != "证照编号为空" {
		t.Errorf("BatchRows: got %+v, %v", rows, err)
	}
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 3, b.ID)}); err != nil {
		t.Fatal(err)
	}
	redo := issuance("S01", 4, b.ID)
	redo.RowKey, redo.Number = "Sheet1!2", "other"
	if err := l.IssueBatch(ctx, []Issuance{redo}); !errors.Is(err, ErrRowDone) {
		t.Errorf("issuing a done row again: got %v, want ErrRowDone", err)
	}
	other := spec
	other.RegisterSM3 = "cc"
	b2, _, err := l.OpenBatch(ctx, other, "clerk", t0)
	if err != nil || b2.ID != "S01-20260302-002" {
		t.Errorf("another register the same day: got %q, %v; want S01-20260302-002", b2.ID, err)
	}
	if err := l.CloseBatch(ctx, b.ID, 3, 1, 0, "clerk", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := l.Batch(ctx, b.ID)
	if err != nil || got.Issued != 3 || got.Rejected != 1 || !got.ConcludedAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("closed batch: got %+v, %v", got, err)
	}
}

func TestStatusAndVersions(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	first := issuance("S01", 1, "")
	if err := l.IssueBatch(ctx, []Issuance{first}); err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(first.Identifier, ".001.X", ".002.Y", 1)
	nv := NewVersion{Previous: first.Identifier, Identifier: v2, Version: 2, Number: first.Number,
		HolderCode: first.HolderCode, Record: []byte(`{"v":2}`), Reason: "变更地址", Actor: "clerk", Station: "S01", At: t0.Add(time.Hour)}
	if err := l.AddVersion(ctx, nv); err != nil {
		t.Fatal(err)
	}
	if err := l.AddVersion(ctx, nv); err == nil {
		t.Error("adding version 2 twice: got nil error")
	}
	err := l.SetStatus(ctx, StatusChange{Identifier: first.Identifier, Status: "07", Reason: "吊销", Actor: "chief", Station: "S01", At: t0.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetStatus(ctx, StatusChange{Identifier: v2, Status: "revoked", Actor: "chief", At: t0}); err == nil {
		t.Error("a status that is not a code: got nil error")
	}
	old, err := l.ByIdentifier(ctx, first.Identifier)
	if err != nil || old.Current() || old.Identifier != v2 || old.Status != "07" || old.Version != 2 || old.Asked.Version != 1 {
		t.Errorf("old version: got %+v, %v; want superseded by %s and status 07", old, err, v2)
	}
	vs, err := l.Versions(ctx, v2)
	if err != nil || len(vs) != 2 || vs[1].Identifier != v2 {
		t.Errorf("Versions: got %+v, %v", vs, err)
	}
	evs, _ := l.Events(ctx, v2)
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if got, want := strings.Join(kinds, ","), "issue,new-version,status"; got != want {
		t.Errorf("events: got %s, want %s", got, want)
	}
	if _, err := l.ByIdentifier(ctx, first.Identifier); err != nil {
		t.Fatal(err)
	}
}

func TestOutboxAndAccess(t *testing.T) {
	ctx := context.Background()
	l := openTest(t)
	b, _, err := l.OpenBatch(ctx, Batch{Station: "S01", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.IssueBatch(ctx, []Issuance{issuance("S01", 1, b.ID), issuance("S01", 2, b.ID)}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Date(2026, 3, 9, 16, 0, 0, 0, time.UTC)
	if err := l.CloseBatchDue(ctx, b.ID, 2, 0, 0, deadline, "clerk", "S01", t0); err != nil {
		t.Fatal(err)
	}
	p, err := l.Pending(ctx, 10)
	if err != nil || len(p) != 2 || !p[0].Deadline.Equal(deadline) {
		t.Fatalf("Pending: got %+v, %v; want 2 entries with the deadline", p, err)
	}
	if err := l.MarkPushed(ctx, p[0].ID, "pusher", "S01", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkPushed(ctx, p[0].ID, "pusher", "S01", t0.Add(time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("pushing twice: got %v, want ErrNotFound", err)
	}
	if p, _ := l.Pending(ctx, 10); len(p) != 1 {
		t.Errorf("Pending after a push: got %d, want 1", len(p))
	}
	for _, a := range []Access{
		{At: t0, Actor: "bank", Action: "verify", Subject: "a.pdf", Result: "valid"},
		{At: t0.Add(time.Minute), Actor: "clerk", Action: "lookup", Subject: "NO-1", Result: "not-found"},
	} {
		if err := l.LogAccess(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.LogAccess(ctx, Access{Actor: "x", Action: "verify"}); err == nil {
		t.Error("access without a time: got nil error")
	}
	got, err := l.AccessLog(ctx, t0.Add(time.Second))
	if err != nil || len(got) != 1 || got[0].Action != "lookup" {
		t.Errorf("AccessLog since t0+1s: got %+v, %v; want the lookup only", got, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	l := openTest(t)
	if _, err := l.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := Open(l.Path()); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("got %v, want ErrNewerSchema", err)
	}
}
