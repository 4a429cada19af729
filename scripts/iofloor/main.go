// Command iofloor measures the disk's floor for a conversion with PDFs: it
// writes N files of SIZE bytes the way ezz convert puts each PDF in place
// (docs/conversion.md, steps 4 and 5) and does nothing else — each file
// created under a staged name and written, fsynced by a pool of 32 (the
// syncers), the directory fsynced per group of 256, then each file's first
// bytes written again, fsynced and renamed to its final name by a pool of 32
// (the finisher), and the directory fsynced again — and prints the rate and
// the CPU it took. A conversion cannot put PDFs in place faster than this on
// the same disk, and the kernel CPU it reports is spent by a conversion too,
// beside its own work (docs/BENCHMARKS.md, round 12):
//
//	cd scripts/iofloor && go run . DIR [N [SIZE]]
//
// DIR must not exist (nothing is deleted: see scripts/bench-cli.sh on why);
// N defaults to 3000 and SIZE to 147760 (a food-business PDF).
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

const (
	group   = 256 // rows a commit with PDFs (internal/conversion: groupPDF)
	workers = 32  // syncers, and files the finisher commits at once
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
			fail(fmt.Errorf("N: %q is not a count", os.Args[2]))
		}
	}
	if len(os.Args) > 3 {
		if size, err = strconv.Atoi(os.Args[3]); err != nil || size < 5 {
			fail(fmt.Errorf("SIZE: %q is not a size of at least 5 bytes", os.Args[3]))
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		fail(err)
	}
	data := bytes.Repeat([]byte("%TMP-1.7 ezz iofloor "), size/21+1)[:size]
	staged := func(i int) string { return filepath.Join(dir, fmt.Sprintf("S%08d.pdf.%d.tmp", i, i*7919)) }
	var self0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self0)
	start := time.Now()
	for g := 0; g < n; g += group {
		end := min(g+group, n)
		each(g, end, func(i int) error {
			f, err := os.OpenFile(staged(i), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			if _, err := f.Write(data); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			if f, err = os.Open(staged(i)); err != nil {
				return err
			}
			defer f.Close()
			return f.Sync()
		})
		syncDir(dir)
		each(g, end, func(i int) error {
			f, err := os.OpenFile(staged(i), os.O_RDWR, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			if _, err := f.WriteAt([]byte("%PDF-"), 0); err != nil {
				return err
			}
			if err := f.Sync(); err != nil {
				return err
			}
			return os.Rename(staged(i), filepath.Join(dir, fmt.Sprintf("S%08d.pdf", i)))
		})
		syncDir(dir)
	}
	wall := time.Since(start)
	var self syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	user := time.Duration(self.Utime.Nano() - self0.Utime.Nano())
	sys := time.Duration(self.Stime.Nano() - self0.Stime.Nano())
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

func syncDir(dir string) {
	d, err := os.Open(dir)
	if err == nil {
		err = d.Sync()
		d.Close()
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "iofloor:", err)
	os.Exit(2)
}
