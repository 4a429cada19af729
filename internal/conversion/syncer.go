package conversion

import (
	"sync"

	"ezz/internal/issuance"
)

// Staged files are fsynced as the makers write them, by a pool of syncers,
// so that the disk's latency overlaps the making of the next certificates:
// the committer only waits, before a group's commit, for the fsyncs of that
// group still under way (most are done by then), and fsyncs the directory.
// The makers never wait for the disk, and the file system can join the
// journal commits of the syncers' concurrent fsyncs.

// syncers is how many staged files are fsynced at once.
const syncers = 32

// syncer fsyncs staged files handed to it, syncers at a time.
type syncer struct {
	jobs chan syncJob
	wg   sync.WaitGroup
}

type syncJob struct {
	file issuance.Staged
	done chan<- error
}

// newSyncer starts the pool; queue is how many files may wait for it.
func newSyncer(queue int) *syncer {
	s := &syncer{jobs: make(chan syncJob, queue)}
	for range syncers {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for j := range s.jobs {
				j.done <- j.file.Sync()
			}
		}()
	}
	return s
}

// add hands over a staged file; its fsync's outcome comes on the channel.
func (s *syncer) add(f issuance.Staged) <-chan error {
	done := make(chan error, 1)
	s.jobs <- syncJob{file: f, done: done}
	return done
}

// stop ends the pool once the files handed over are synced.
func (s *syncer) stop() {
	close(s.jobs)
	s.wg.Wait()
}
