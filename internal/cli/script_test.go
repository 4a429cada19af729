package cli

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
	})
}
