package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/ledger"
)

// TestKeyImportEvent: making keys is recorded in the ledger as a key-import event.
func TestKeyImportEvent(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	t.Setenv("EZZ_KEY_PASSPHRASE", "event-test-passphrase")
	for _, args := range [][]string{{"--home", home, "init"}, {"--home", home, "keys", "init", "--pilot"}} {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), args, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("ezz %v: exit %d: %s", args, code, errb.String())
		}
	}
	led, err := ledger.Open(filepath.Join(home, "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	events, err := led.EventsSince(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range events {
		if e.Kind == ledger.KindKeyImport && strings.Contains(e.Detail, `"source":"pilot"`) && strings.Contains(e.Detail, `"key_id"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no key-import event among %+v", events)
	}
}
