package cli

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// killWorkspace is the set-up of the kill tests: the path of ezz (the test
// binary, TestMain), a temporary directory with a pilot workspace in home,
// the food-business template, and run, which runs ezz in this process on
// that workspace and wants the exit status given.
func killWorkspace(t *testing.T) (ezz, dir, home, tmpl string, run func(want int, args ...string) string) {
	t.Helper()
	ezz, err := exec.LookPath("ezz")
	if err != nil {
		t.Skip("ezz is not on PATH")
	}
	dir = t.TempDir()
	home = filepath.Join(dir, "home")
	tmpl, _ = filepath.Abs("../../templates/food-business/template.yaml")
	t.Setenv("EZZ_KEY_PASSPHRASE", "kill-test-passphrase")
	t.Setenv(testNowVar, "2026-06-01T02:00:00Z")
	run = func(want int, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := Run(context.Background(), append([]string{"--home", home, "--lang", "en"}, args...), strings.NewReader(""), &out, &errb); code != want {
			t.Fatalf("ezz %v: exit %d, want %d: %s%s", args, code, want, out.String(), errb.String())
		}
		return out.String()
	}
	run(0, "init")
	run(0, "keys", "init", "--pilot")
	return ezz, dir, home, tmpl, run
}
