// Command iofloor measures the disk's floor for a conversion with PDFs: it
// puts N files of SIZE bytes in place through the very calls ezz convert
// puts its PDFs in place with (docs/conversion.md, steps 4 and 5), and does
// nothing else. Per group of 256 files (a commit with PDFs), 32 at a time
// (the syncers), each file is staged (issuance.Certificate.StageUnsynced: a
// staged name, the header disabled) and fsynced (Staged.Sync); then the
// directory is fsynced (issuance.SyncDirs); then, 32 at a time (the
// finisher), each gets its header back, is fsynced and renamed to its final
// name (Staged.Commit); then the directory again. It prints the rate and the
// CPU it took: what the file protocol alone costs on this disk, beside which
// a conversion also draws, signs and records every certificate
// (docs/BENCHMARKS.md, round 12; scripts/bench-cli.sh prints it after each
// round of runs with PDFs):
//
//	go run ./scripts/iofloor DIR [N [SIZE]]
//
// DIR must not exist (nothing is deleted: see scripts/bench-cli.sh on why);
// N defaults to 3000 and SIZE to 147760 (a food-business PDF).
package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"ezz/internal/ident"
	"ezz/internal/issuance"
)

const (
	group   = 256 // files a commit with PDFs (internal/conversion: groupPDF)
	workers = 32  // staged files fsynced at once, and files the finisher commits at once
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: iofloor DIR [N [SIZE]]")
		os.Exit(2)
	}
	dir, n, size := os.Args[1], 3000, 147760
	var err error
	if len(os.Args) > 2 {
		if n, err = strconv.Atoi(os.Args[2]); err != nil || n < 1 {
			fail(fmt.Errorf("the count %q is not a number of at least 1", os.Args[2]))
		}
	}
	if len(os.Args) > 3 {
		if size, err = strconv.Atoi(os.Args[3]); err != nil || size < 5 {
			fail(fmt.Errorf("the size %q is not a number of at least 5 bytes", os.Args[3]))
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		fail(err)
	}
	ids := make([]ident.ID, n)
	for i := range ids {
		serial, err := ident.Serial("S01A", uint64(i+1))
		if err == nil {
			ids[i], err = ident.New("11100000MB0143028R012", "91000000000000000K", serial, 1)
		}
		if err != nil {
			fail(err)
		}
	}
	// Staging writes the disabled header into the bytes it is given, so each
	// worker stages from bytes of its own.
	pdf := bytes.Repeat([]byte("%PDF-1.7 ezz iofloor\n"), size/21+1)[:size]
	bufs := sync.Pool{New: func() any { b := bytes.Clone(pdf); return &b }}
	staged := make([]issuance.Staged, n)

	cpu0 := cpuTime()
	start := time.Now()
	for g := 0; g < n; g += group {
		end := min(g+group, n)
		each(g, end, func(i int) error {
			b := bufs.Get().(*[]byte)
			defer bufs.Put(b)
			c := issuance.Certificate{ID: ids[i], PDF: *b}
			s, err := c.StageUnsynced(dir)
			if err != nil {
				return err
			}
			staged[i] = s
			return s.Sync()
		})
		if err := issuance.SyncDirs(dir); err != nil {
			fail(err)
		}
		if err := issuance.Each(staged[g:end], workers, issuance.Staged.Commit); err != nil {
			fail(err)
		}
		if err := issuance.SyncDirs(dir); err != nil {
			fail(err)
		}
	}
	wall := time.Since(start)
	user, sys := cpuTime().since(cpu0)
	fmt.Printf("iofloor: %d files of %d bytes: wall %.2f s  user %.2f  sys %.2f  %.0f /s\n",
		n, size, wall.Seconds(), user.Seconds(), sys.Seconds(), float64(n)/wall.Seconds())
}

// each calls do on from…to−1, workers at a time; the first failure ends the command.
func each(from, to int, do func(int) error) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := do(i); err != nil {
					fail(err)
				}
			}
		}()
	}
	for i := from; i < to; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "iofloor:", err)
	os.Exit(2)
}
