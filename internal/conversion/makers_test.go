package conversion

import (
	"runtime"
	"slices"
	"sync"
	"testing"
)

func TestMakers(t *testing.T) {
	tests := []struct {
		name        string
		procs, cpus int
		pdf         bool
		always      int
		withStandby bool
	}{
		{"one processor, PDFs", 1, 1, true, 1, false},
		{"one processor, no PDFs", 1, 1, false, 1, false},
		{"two, PDFs", 2, 2, true, 2, false},
		{"two, no PDFs", 2, 2, false, 1, true},
		{"eight, no PDFs", 8, 8, false, 7, true},
		{"none reported", 0, 0, false, 1, false},
		{"GOMAXPROCS=1 on two CPUs, no PDFs", 1, 2, false, 1, false},
		{"four processors on two CPUs (widened for PDFs), PDFs", 4, 2, true, 4, false},
		{"four processors on two CPUs (widened by an earlier run with PDFs), no PDFs", 4, 2, false, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			always, standby := makers(tt.procs, tt.cpus, tt.pdf)
			if always != tt.always || standby != tt.withStandby {
				t.Errorf("makers(%d, %d, %v) = %d, %v, want %d, %v", tt.procs, tt.cpus, tt.pdf, always, standby, tt.always, tt.withStandby)
			}
		})
	}
}

// TestDefaultMakersCountCPUs: in a process whose processors were raised
// above its CPUs (widenProcs, for an earlier conversion with PDFs), the
// default without PDFs still leaves one CPU to the serial stages; with PDFs
// every processor makes certificates.
func TestDefaultMakersCountCPUs(t *testing.T) {
	cpus := runtime.NumCPU()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cpus + 2))
	wantAlways, wantStandby := max(cpus-1, 1), cpus >= 2
	if always, standby := defaultMakers(false); always != wantAlways || standby != wantStandby {
		t.Errorf("without PDFs on %d processors and %d CPUs: %d makers, standby %v; want %d, %v", cpus+2, cpus, always, standby, wantAlways, wantStandby)
	}
	if always, standby := defaultMakers(true); always != cpus+2 || standby {
		t.Errorf("with PDFs on %d processors: %d makers, standby %v; want %d, false", cpus+2, always, standby, cpus+2)
	}
}

// jobsOf is a closed channel of n jobs, seqs 0…n−1.
func jobsOf(n int) chan job {
	jobs := make(chan job, n)
	for i := range n {
		jobs <- job{seq: uint64(i)}
	}
	close(jobs)
	return jobs
}

func madeSeq(j job) result { return result{job: j} }

// A committer short of certificates gets the standby's, in the jobs' order,
// until the jobs end; one that is not gets none.
func TestStandbyWorksOnlyWhenShort(t *testing.T) {
	t.Run("short", func(t *testing.T) {
		s, jobs, results := newStandby(), jobsOf(5), make(chan result, 40) // a quarter is 10
		s.poke(results)
		s.work(madeSeq, jobs, results) // returns when the jobs end
		close(results)
		var got []uint64
		for r := range results {
			got = append(got, r.seq)
		}
		if want := []uint64{0, 1, 2, 3, 4}; !slices.Equal(got, want) {
			t.Errorf("standby made %v, want %v", got, want)
		}
	})
	t.Run("not short", func(t *testing.T) {
		s, jobs, results := newStandby(), jobsOf(5), make(chan result, 8) // a quarter is 2
		results <- result{}
		results <- result{}
		s.short <- struct{}{} // as if poked when the queue was lower
		returned := make(chan struct{})
		go func() {
			defer close(returned)
			s.work(madeSeq, jobs, results)
		}()
		for len(s.short) > 0 { // until the standby has woken: then it decides on the queue alone, and sees done only back at its select
			runtime.Gosched()
		}
		close(s.done)
		<-returned
		if len(jobs) != 5 || len(results) != 2 {
			t.Errorf("standby took %d jobs with the committer not short, want none", 5-len(jobs))
		}
	})
}

func TestPokeOnlyWhenShortAndNeverBlocks(t *testing.T) {
	s, results := newStandby(), make(chan result, 8)
	results <- result{}
	results <- result{}
	s.poke(results) // 2 of 8: not short
	if len(s.short) != 0 {
		t.Fatal("poked with a quarter of the queue waiting")
	}
	<-results
	s.poke(results)
	s.poke(results) // woken already: must not block
	if len(s.short) != 1 {
		t.Fatalf("%d pokes pending, want 1", len(s.short))
	}
	var none *standby
	none.poke(results) // no standby: nothing, no panic
}

// The standby and the makers together make every job exactly once.
func TestStandbyBesideMakersMakesEachJobOnce(t *testing.T) {
	const n = 5000
	s, jobs, results := newStandby(), make(chan job, 16), make(chan result, 16)
	var workers sync.WaitGroup
	workers.Add(2)
	go func() {
		defer workers.Done()
		for j := range jobs {
			results <- madeSeq(j)
		}
	}()
	go func() {
		defer workers.Done()
		s.work(madeSeq, jobs, results)
	}()
	go func() {
		for i := range n {
			jobs <- job{seq: uint64(i)}
		}
		close(jobs)
		close(s.done)
		workers.Wait()
		close(results)
	}()
	seen := make([]int, n)
	for r := range results {
		s.poke(results)
		seen[r.seq]++
	}
	for i, k := range seen {
		if k != 1 {
			t.Fatalf("job %d made %d times, want once", i, k)
		}
	}
}
