// Command ezz issues, converts, pushes and verifies electronic licences (电子证照).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"ezz/internal/cli"
)

func main() {
	// The first Ctrl-C asks a running command to stop cleanly (a conversion
	// commits what it has made); a second one kills the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	atExit()
	os.Exit(code)
}

// atExit is what a measuring build (traceprobe.go) does before the process
// exits; nothing in the shipped binary.
var atExit = func() {}
