// Command gstates sums, from a Go execution trace, the time each goroutine of
// a run spent running, runnable without a CPU, in system calls and waiting
// (by reason), by the function it started in, and the time no goroutine could
// run on one of two Ps (docs/BENCHMARKS.md, round 9, lead):
//
//	go build -tags ezztrace -o ezz-tr ./cmd/ezz
//	EZZ_TRACE=t.trace ezz-tr --home W convert …
//	cd scripts/gstates && go run . t.trace ezz/ [FROM-TO seconds, e.g. 0.70-0.80] [stacks]
//
// The second argument keeps the goroutines whose start function contains it.
// With "stacks" it also prints, for those goroutines, the time spent in
// system calls and waiting by the stack they entered the state with (the
// innermost frames first): which call or lock the time went to (round 14).
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"golang.org/x/exp/trace"
)

// procs is the number of Ps the idle time is counted against: the VM's cores.
const procs = 2

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: gstates TRACE FUNC-SUBSTRING [FROM-TO [stacks]]")
		os.Exit(2)
	}
	var w0, w1 trace.Time = 0, 1 << 62
	if len(os.Args) > 3 {
		var a, b float64
		if _, err := fmt.Sscanf(os.Args[3], "%f-%f", &a, &b); err != nil {
			fmt.Fprintln(os.Stderr, "gstates: window FROM-TO in seconds, e.g. 0.70-0.80")
			os.Exit(2)
		}
		w0, w1 = trace.Time(a*1e9), trace.Time(b*1e9)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gstates:", err)
		os.Exit(2)
	}
	r, err := trace.NewReader(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gstates:", err)
		os.Exit(2)
	}
	withStacks := len(os.Args) > 4 && os.Args[4] == "stacks"
	type goroutine struct {
		since             trace.Time
		state, fun, stack string
	}
	byStack := map[string]trace.Time{} // state and stack → time
	gs := map[trace.GoID]*goroutine{}
	sums := map[string]map[string]trace.Time{} // start function → state → time
	var first, last, idle trace.Time
	running, runnable := 0, 0
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gstates:", err)
			os.Exit(1)
		}
		if first == 0 {
			first = ev.Time()
		}
		now := ev.Time() - first
		if busy := running + runnable; busy < procs && last != 0 {
			idle += trace.Time(procs-busy) * (min(now, w1) - max(last, w0)) * inside(last, now, w0, w1)
		}
		last = now
		if ev.Kind() != trace.EventStateTransition {
			continue
		}
		tr := ev.StateTransition()
		if tr.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		from, to := tr.Goroutine()
		running, runnable = running-is(from, trace.GoRunning)+is(to, trace.GoRunning),
			runnable-is(from, trace.GoRunnable)+is(to, trace.GoRunnable)
		g := gs[tr.Resource.Goroutine()]
		if g == nil {
			g = &goroutine{since: now}
			gs[tr.Resource.Goroutine()] = g
		}
		if g.fun == "" {
			for fr := range tr.Stack.Frames() {
				g.fun = fr.Func // the outermost frame: where the goroutine started
			}
		}
		if g.state != "" && inside(g.since, now, w0, w1) == 1 {
			if sums[g.fun] == nil {
				sums[g.fun] = map[string]trace.Time{}
			}
			sums[g.fun][g.state] += min(now, w1) - max(g.since, w0)
			if withStacks && g.stack != "" && strings.Contains(g.fun, os.Args[2]) {
				byStack[g.state+"  "+g.stack] += min(now, w1) - max(g.since, w0)
			}
		}
		g.state, g.since, g.stack = to.String(), now, ""
		if withStacks && (to == trace.GoSyscall || to == trace.GoWaiting) {
			var frames []string
			for fr := range tr.Stack.Frames() {
				if len(frames) < 8 {
					frames = append(frames, fr.Func)
				}
			}
			g.stack = strings.Join(frames, " < ")
		}
		if to == trace.GoWaiting {
			g.state += "(" + tr.Reason + ")"
		}
	}
	fmt.Printf("trace %.3f s; no goroutine to run on %d Ps: %.3f P-s\n", float64(last)/1e9, procs, float64(idle)/1e9)
	var funs []string
	for fun := range sums {
		if strings.Contains(fun, os.Args[2]) {
			funs = append(funs, fun)
		}
	}
	sort.Strings(funs)
	for _, fun := range funs {
		fmt.Println(fun)
		var states []string
		for s := range sums[fun] {
			states = append(states, s)
		}
		sort.Slice(states, func(i, j int) bool { return sums[fun][states[i]] > sums[fun][states[j]] })
		for _, s := range states {
			if t := sums[fun][s]; t > 5e6 {
				fmt.Printf("   %-40s %7.3f s\n", s, float64(t)/1e9)
			}
		}
	}
	if withStacks {
		var keys []string
		for k := range byStack {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return byStack[keys[i]] > byStack[keys[j]] })
		fmt.Println("by stack:")
		for i, k := range keys {
			if i == 25 || byStack[k] < 5e6 {
				break
			}
			fmt.Printf("%7.3f s  %s\n", float64(byStack[k])/1e9, k)
		}
	}
}

// is is 1 when the state is s, else 0.
func is(state, s trace.GoState) int {
	if state == s {
		return 1
	}
	return 0
}

// inside is 1 when [a, b) meets the window [w0, w1), else 0.
func inside(a, b, w0, w1 trace.Time) trace.Time {
	if b > w0 && a < w1 {
		return 1
	}
	return 0
}
