package conversion

import (
	"sync"

	"ezz/internal/issuance"
	"ezz/internal/ledger"

	"ezz/internal/text"
)

// Files after the commit: once the ledger has recorded a group, its staged
// PDFs get their header and final name (issuance.Staged.Commit, an fsync
// each) and the directory is fsynced. That work waits on the disk, not the
// CPU, so a finisher does it while the committer goes on with the next group,
// several files at a time so the file system can join their journal commits.
// The power-cut rule is kept: every staged file and its name were made
// durable before the ledger said issued (syncStaged), and a run stopped
// before the finisher is done leaves staged files its rerun commits
// (recoverStaged). A group counts as issued once its files are in place.

// The finisher also writes each committed group's manifest entries to the
// entry log (entries.go), in commit order, which the committer did before:
// without PDFs the committer sets the pace, and the entries were ≈5 % of its
// time.

// finishWorkers is how many files of a group are committed at once: as
// many as the syncers fsync (syncer.go). Each commit waits for an fsync, and
// on a slow disk eight at a time were the stage the committer waited for
// when it handed over the next group (docs/BENCHMARKS.md, round 11: 3,000
// rows with PDFs −4 %, 8 of 9 pairs).
const finishWorkers = syncers

// finisher commits the files of committed groups, one group after another.
type finisher struct {
	c      *conv
	groups chan committed
	done   chan struct{}

	mu  sync.Mutex
	err error // the first failure
}

func (c *conv) newFinisher() *finisher {
	f := &finisher{c: c, groups: make(chan committed, 1), done: make(chan struct{})}
	go f.loop()
	return f
}

// committed is a group the ledger has committed: its staged files, and its
// issuances with the digests of their records for the entry log.
type committed struct {
	files   []issuance.Staged
	is      []ledger.Issuance
	digests []string
}

// add hands over a group the ledger has committed.
func (f *finisher) add(g committed) { f.groups <- g }

// wait finishes the groups handed over and returns the first failure.
func (f *finisher) wait() error {
	close(f.groups)
	<-f.done
	return f.failed()
}

// failed is the first failure so far, or nil.
func (f *finisher) failed() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *finisher) loop() {
	defer close(f.done)
	for g := range f.groups {
		f.c.entries.add(f.c, g.is, g.digests)
		files := g.files
		if f.failed() != nil {
			continue // drain: the rerun commits what is left (recoverStaged)
		}
		if err := f.finish(files); err != nil {
			f.mu.Lock()
			f.err = err
			f.mu.Unlock()
			continue
		}
		f.c.issued.Add(int64(len(files)))
	}
}

// finish commits files, finishWorkers at a time, then fsyncs the directory.
func (f *finisher) finish(files []issuance.Staged) error {
	if len(files) == 0 || files[0].Tmp == "" {
		return nil
	}
	if err := issuance.Each(files, finishWorkers, issuance.Staged.Commit); err != nil {
		return stepErr(text.New("写入证照文件失败", "write certificates"), err)
	}
	if err := issuance.SyncDirs(f.c.outDir); err != nil {
		return stepErr(text.New("写入证照文件失败", "write certificates"), err)
	}
	return nil
}
