//go:build ezzmemprobe

package main

// A measuring build only, never the shipped binary (go build -tags
// ezzmemprobe ./cmd/ezz; docs/BENCHMARKS.md, round 6, mem): when EZZ_MEMPROBE
// names a directory, every EZZ_MEMPROBE_EVERY (default 5s) the process appends
// to its probe.log a line with VmRSS and the Go runtime's memory and GC
// figures, and writes a heap profile heap-NNN.prof there.

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"time"
)

func init() {
	dir := os.Getenv("EZZ_MEMPROBE")
	if dir == "" {
		return
	}
	every := 5 * time.Second
	if d, err := time.ParseDuration(os.Getenv("EZZ_MEMPROBE_EVERY")); err == nil && d > 0 { // 0 would write profiles without pause
		every = d
	}
	go probe(dir, every)
}

func probe(dir string, every time.Duration) {
	names := []string{"/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes",
		"/memory/classes/heap/free:bytes", "/memory/classes/heap/released:bytes",
		"/memory/classes/heap/stacks:bytes", "/memory/classes/total:bytes", "/gc/heap/goal:bytes",
		"/gc/heap/live:bytes", "/gc/cycles/total:gc-cycles", "/cpu/classes/gc/total:cpu-seconds", "/cpu/classes/gc/mark/assist:cpu-seconds",
		"/cpu/classes/gc/mark/dedicated:cpu-seconds", "/cpu/classes/gc/mark/idle:cpu-seconds", "/cpu/classes/gc/pause:cpu-seconds",
		"/cpu/classes/user:cpu-seconds", "/cpu/classes/idle:cpu-seconds",
		"/cpu/classes/total:cpu-seconds"}
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	log, err := os.OpenFile(filepath.Join(dir, "probe.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return
	}
	start := time.Now()
	for i := 0; ; i++ {
		time.Sleep(every)
		metrics.Read(s)
		b, _ := os.ReadFile("/proc/self/status")
		rss := ""
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "VmRSS:") || strings.HasPrefix(l, "RssAnon:") || strings.HasPrefix(l, "RssFile:") {
				rss += strings.Join(strings.Fields(l), "") + " "
			}
		}
		line := fmt.Sprintf("t=%.0f %s", time.Since(start).Seconds(), rss)
		for j, n := range names {
			short := strings.TrimPrefix(strings.Split(n, ":")[0], "/memory/classes/")
			if s[j].Value.Kind() == metrics.KindFloat64 {
				line += fmt.Sprintf(" %s=%.2f", short, s[j].Value.Float64())
				continue
			}
			v := s[j].Value.Uint64()
			if strings.HasSuffix(n, "cycles") {
				line += fmt.Sprintf(" %s=%d", short, v)
			} else {
				line += fmt.Sprintf(" %s=%dM", short, v>>20)
			}
		}
		fmt.Fprintln(log, line)
		if f, err := os.Create(filepath.Join(dir, fmt.Sprintf("heap-%03d.prof", i))); err == nil {
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
}
