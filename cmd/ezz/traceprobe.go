//go:build ezztrace

package main

// A measuring build only, never the shipped binary (go build -tags ezztrace
// ./cmd/ezz; docs/BENCHMARKS.md): EZZ_TRACE names a file for an execution
// trace of the whole run (go tool trace: where each goroutine waited), and
// EZZ_CPUPROFILE one for a CPU profile (go tool pprof). Both are written when
// the command returns.

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

func init() {
	var stops []func()
	start := func(env string, begin func(io.Writer) error, end func()) {
		name := os.Getenv(env)
		if name == "" {
			return
		}
		f, err := os.Create(name)
		if err == nil {
			if err = begin(f); err != nil {
				f.Close()
			}
		}
		if err != nil { // a measuring run without its file would mislead
			fmt.Fprintf(os.Stderr, "ezz: %s=%s: %v: nothing is recorded\n", env, name, err)
			return
		}
		stops = append(stops, func() { end(); f.Close() })
	}
	start("EZZ_TRACE", trace.Start, trace.Stop)
	start("EZZ_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
	atExit = func() {
		for _, stop := range stops {
			stop()
		}
	}
}
