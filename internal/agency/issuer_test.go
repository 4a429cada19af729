package agency

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/env"
	"ezz/internal/text"
)

// TestIssuerAhead: the key unlocked while the template loads (go test -race
// checks the overlap) is the workspace's key; a wrong passphrase is the
// error; a template that fails its checks is the error even then, and a run
// whose passphrase must be prompted for never reads the terminal before the
// template passed.
func TestIssuerAhead(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	if err := InitWorkspace(home, PilotConfig(), now); err != nil {
		t.Fatal(err)
	}
	t.Setenv(env.KeyPassphrase.Name, "right passphrase")
	open := func(t *testing.T) *Agency {
		a, err := Open(Options{Home: home, Now: clock, In: strings.NewReader("typed\n")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	if _, err := open(t).KeysInitPilot(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join("..", "..", "templates", "food-business", "template.yaml")
	bad := filepath.Join(t.TempDir(), "missing.yaml")
	tests := []struct {
		name, pass, template string
		wantErr              func(error) bool
	}{
		{"unlocked ahead", "right passphrase", good, nil},
		{"wrong passphrase", "wrong", good, func(err error) bool { return strings.Contains(text.Of(err).En, "passphrase") }},
		{"template error first", "wrong", bad, func(err error) bool { return strings.Contains(text.Of(err).En, "missing.yaml") }},
		{"template error without a passphrase", "", bad, func(err error) bool { return strings.Contains(text.Of(err).En, "missing.yaml") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(env.KeyPassphrase.Name, tt.pass)
			a := open(t)
			is, err := a.openIssuing(IssueOptions{Template: tt.template, NoPDF: true})
			if tt.wantErr == nil {
				if err != nil || is.maker.Key() == nil || a.unlocking != nil {
					t.Fatalf("got %v, key %v, want the workspace's key collected", err, is)
				}
				return
			}
			if err == nil || !tt.wantErr(err) {
				t.Fatalf("got %v", err)
			}
			if a.unlocking != nil {
				t.Error("an unlock is left running")
			}
		})
	}
}
