package web

import (
	"context"
	"errors"
	"sync"
	"time"

	"ezz/internal/conversion"
)

// Phases of a job: the register is checked (a dry run: the mapping and the
// rows that would be rejected) before anything is issued.
const (
	phaseChecking   = "checking"
	phaseChecked    = "checked"
	phaseConverting = "converting"
	phaseDone       = "done"
	phaseFailed     = "failed"
)

// job is one uploaded register on its way through the console.
type job struct {
	ID       string
	Register string // the uploaded file
	Name     string // its name as uploaded
	Template string // the template file picked
	Dir      string // the job's directory (upload, dry-run output)
	Started  time.Time

	mu       sync.Mutex
	phase    string
	progress conversion.Progress
	check    *conversion.Summary // the dry run
	sum      *conversion.Summary // the conversion
	err      error
	changed  chan struct{} // closed and replaced at every change
}

// jobState is a consistent copy of a job's changing part.
type jobState struct {
	Phase    string
	Progress conversion.Progress
	Check    *conversion.Summary
	Sum      *conversion.Summary
	Err      error
}

func newJob(id, register, name, template, dir string, now time.Time) *job {
	return &job{ID: id, Register: register, Name: name, Template: template, Dir: dir, Started: now,
		phase: phaseChecking, changed: make(chan struct{})}
}

// state returns the job's state and a channel closed at its next change.
func (j *job) state() (jobState, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return jobState{j.phase, j.progress, j.check, j.sum, j.err}, j.changed
}

// update changes the job under its lock and wakes every watcher.
func (j *job) update(f func(*job)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(j)
	close(j.changed)
	j.changed = make(chan struct{})
}

// setProgress records a progress report.
func (j *job) setProgress(p conversion.Progress) { j.update(func(j *job) { j.progress = p }) }

// errBusy refuses a second conversion while one runs.
var errBusy = errors.New("a conversion is running")

// jobs holds the console's jobs, newest last, at most maxJobs.
type jobs struct {
	mu      sync.Mutex
	list    []*job
	running bool
	wg      sync.WaitGroup // every check and conversion under way
}

const maxJobs = 50

func (js *jobs) add(j *job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.list = append(js.list, j)
	if len(js.list) > maxJobs {
		js.list = js.list[len(js.list)-maxJobs:]
	}
}

func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	for _, j := range js.list {
		if j.ID == id {
			return j
		}
	}
	return nil
}

// all returns the jobs, newest first.
func (js *jobs) all() []*job {
	js.mu.Lock()
	defer js.mu.Unlock()
	out := make([]*job, len(js.list))
	for i, j := range js.list {
		out[len(js.list)-1-i] = j
	}
	return out
}

// claim marks a conversion as running, or says one already is.
func (js *jobs) claim() error {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.running {
		return errBusy
	}
	js.running = true
	return nil
}

func (js *jobs) release() {
	js.mu.Lock()
	js.running = false
	js.mu.Unlock()
}

// run runs the dry run (convert false) or the conversion of j through b.
func (js *jobs) run(ctx context.Context, b Backend, j *job, convert bool) {
	defer js.wg.Done()
	req := ConvertRequest{Register: j.Register, Template: j.Template, DryRun: !convert, Progress: j.setProgress}
	if !convert {
		req.OutDir = j.Dir + "/check"
	}
	sum, err := b.Convert(ctx, req)
	j.update(func(j *job) {
		switch {
		case !convert && err != nil && sum == nil:
			j.phase, j.err = phaseFailed, err
		case !convert:
			j.phase, j.check = phaseChecked, sum // rejected rows are expected: they are shown
		case err != nil && sum == nil:
			j.phase, j.err = phaseFailed, err
		default:
			j.phase, j.sum, j.err = phaseDone, sum, err
		}
	})
}
