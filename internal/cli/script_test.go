package cli

// The end-to-end scripts in testdata/script assert the exact exit code of
// every ezz run that fails, with the command this file adds:
//
//	exitcode N ezz ARGS...
//
// runs ezz (or any program) like exec and fails unless it exits with status
// N; stdout and stderr are kept for the stdout/stderr lines that follow.
// `! exec ezz …` only checks for a non-zero status and is not used for ezz.
// With EZZ_EXITCODE_RECORD=FILE the command records instead of asserting
// (the work directory, N and the status), for converting scripts; never
// set it in CI.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"ezz/internal/input/inputtest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ezz": func() { os.Exit(Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script. Scripts see the
// repository root as $REPO (templates, samples) and run with LANG=en.
func TestScripts(t *testing.T) {
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	repo = repo + "/../.."
	testscript.Run(t, testscript.Params{
		Dir: repo + "/testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Setenv("LANG", "en_US.UTF-8")
			env.Setenv("EZZ_HOME", env.WorkDir+"/ezz-home")
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"exitcode": cmdExitCode, "jsonfields": cmdJSONFields, "fifo": cmdFIFO},
	})
}

// cmdFIFO is `fifo NAME [silent-writer]`: it makes a named pipe; with
// silent-writer the test also keeps it open for writing, never writing,
// until the script ends — a reader that waits for its end waits for ever.
func cmdFIFO(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 || len(args) == 2 && args[1] != "silent-writer" {
		ts.Fatalf("usage: fifo NAME [silent-writer]")
	}
	p := ts.MkAbs(args[0])
	ts.Check(inputtest.Mkfifo(p))
	if len(args) == 2 {
		w, err := os.OpenFile(p, os.O_RDWR, 0) // Linux: does not wait for a reader
		ts.Check(err)
		ts.Defer(func() { w.Close() })
	}
}

// cmdExitCode is `exitcode N PROGRAM ARGS...`.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: exitcode N PROGRAM ARGS... (no !: N says what is expected)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROGRAM ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil || want < 0 {
		ts.Fatalf("exitcode: %q is not an exit status", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exitcode: %v", err)
	}
	if rec := os.Getenv("EZZ_EXITCODE_RECORD"); rec != "" {
		f, err := os.OpenFile(rec, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		ts.Check(err)
		fmt.Fprintf(f, "%s %d %d\n", ts.Getenv("WORK"), want, got)
		f.Close()
		return
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
