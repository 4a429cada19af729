package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/workspace"
)

// TestVerifyAccessLog checks that every verification run against a workspace
// is appended to its ledger's access log (R12): who, where, what, the verdict.
func TestVerifyAccessLog(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "ws")
	if err := workspace.Init(home, workspace.PilotConfig(), time.Now()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "x.pdf")
	if err := os.WriteFile(file, []byte("not a pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := [][]string{
		{"--home", home, "verify", file, filepath.Join(dir, "missing.pdf")},
		{"--home", home, "verify", "--qr", "garbage"},
	}
	for _, args := range runs {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), args, nil, &out, &errb); code == ExitOK {
			t.Fatalf("%v: exit 0, want a failure\n%s%s", args, out.String(), errb.String())
		}
	}
	ws, err := workspace.Open(home)
	if err != nil {
		t.Fatal(err)
	}
	led, err := ws.OpenLedger()
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	got, err := led.AccessLog(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ subject, result string }{
		{file, "invalid"}, {filepath.Join(dir, "missing.pdf"), "cannot-check"}, {"QR code", "invalid"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d access-log entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Action != "verify" || g.Subject != w.subject || g.Result != w.result || g.Actor != workspace.Actor() || g.Station != ws.Config.Station {
			t.Errorf("entry %d: got %+v, want verify %s %s by %s at %s", i, g, w.subject, w.result, workspace.Actor(), ws.Config.Station)
		}
	}
}
