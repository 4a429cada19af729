//go:build ezztrace

package main

// A measuring build only, never the shipped binary (go build -tags ezztrace
// ./cmd/ezz; docs/BENCHMARKS.md): EZZ_TRACE names a file for an execution
// trace of the whole run (go tool trace: where each goroutine waited), and
// EZZ_CPUPROFILE one for a CPU profile (go tool pprof). Both are written when
// the command returns.

import (
	"os"
	"runtime/pprof"
	"runtime/trace"
)

func init() {
	var stops []func()
	if name := os.Getenv("EZZ_TRACE"); name != "" {
		if f, err := os.Create(name); err == nil && trace.Start(f) == nil {
			stops = append(stops, func() { trace.Stop(); f.Close() })
		}
	}
	if name := os.Getenv("EZZ_CPUPROFILE"); name != "" {
		if f, err := os.Create(name); err == nil && pprof.StartCPUProfile(f) == nil {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	atExit = func() {
		for _, stop := range stops {
			stop()
		}
	}
}
