package push_test

import (
	"context"
	"testing"
	"time"

	"ezz/internal/push"
	"ezz/internal/push/pushtest"
)

// TestReportOfAPushThatCannotStart: a push stopped before it sent anything
// (here: no repository at all) still reports what waits, read from the
// ledger, not 0 beside a full outbox; so does one whose context is done.
func TestReportOfAPushThatCannotStart(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 3, false)
	now := func() time.Time { return pushtest.Clock }
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	for name, ctx := range map[string]context.Context{"no repository": context.Background(), "canceled": canceled} {
		rep, err := push.PushWorkspace(ctx, push.Request{WS: env.WS, Ledger: env.Ledger, Key: env.Key, Actor: "t", Now: now})
		if err == nil {
			t.Fatalf("%s: a push with no repository went without an error", name)
		}
		if rep == nil || rep.Waiting != 3 || rep.Pushed != 0 {
			t.Errorf("%s: report %+v, want 3 still waiting, none pushed", name, rep)
		}
	}
}
