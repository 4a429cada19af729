package conversion

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"ezz/internal/ident"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/register"

	"ezz/internal/text"
)

// Serials and files: rows are numbered from the station's counter as read at
// the start, each certificate is made and its PDF staged (issuance.Stage: a
// temporary name and a disabled header, so it passes for nothing), and a
// group is committed in serial order. When another process on the same
// workspace took those serials first, the group is made again with the next
// free ones and later rows are shifted to follow: concurrent conversions
// interleave and both finish. Only after the ledger commits a group do its
// PDFs get their header and final name.

// maxRenumber bounds how often one group is made again for new serials.
const maxRenumber = 50

// serialOf is the serial a job carries as things stand.
func (c *conv) serialOf(j job) uint64 { return uint64(int64(c.first+j.seq) + c.shift.Load()) }

// work makes certificates and stages their files.
func (c *conv) work(jobs <-chan job, results chan<- result) {
	for j := range jobs {
		results <- c.makeJob(j) // the committer drains results until the workers are done
	}
}

// makeJob makes the job's certificate with the serial it carries as things stand.
func (c *conv) makeJob(j job) result { return c.make(j, c.serialOf(j)) }

// make makes the job's certificate with serial n and stages its PDF.
func (c *conv) make(j job, n uint64) result {
	r := result{job: j}
	r.cert, r.err = c.o.Maker.MakePlanned(j.plan, n)
	if r.err == nil && c.entries != nil {
		r.digest = hex.EncodeToString(r.cert.Digest) // here on a worker, not in the serial commit
	}
	if r.err == nil && r.cert.PDF != nil {
		r.staged, r.err = r.cert.StageUnsynced(c.outDir)
		r.cert.PDF = nil // on disk now: keep memory flat while it waits for its commit
		if r.err == nil {
			r.synced = c.syncer.add(r.staged) // fsynced meanwhile (syncer.go)
		}
	}
	return r
}

// commit records the certificates in row order, o.Group per transaction.
// The first failure stops it: what came before is committed, nothing after.
func (c *conv) commit(ctx context.Context, results <-chan result) error {
	waiting := map[uint64]result{}
	var next uint64 // the seq committed next
	want := c.first // the serial it must carry
	var group []result
	var failed error
	var since time.Time // when the oldest certificate in group was made
	fin := c.newFinisher()
	for r := range results {
		c.standby.poke(results)
		if failed == nil {
			failed = fin.failed()
		}
		if failed != nil {
			r.staged.Discard()
			continue // drain
		}
		waiting[r.seq] = r
		for {
			r, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			if r.err == nil && r.cert.SerialN != want { // made before a shift
				r.staged.Discard()
				r = c.make(r.job, want)
			}
			if r.err != nil {
				failed = fmt.Errorf("%s: %w", register.Location(r.row.Sheet, r.row.Number), r.err)
				break
			}
			if len(group) == 0 {
				since = time.Now()
			}
			group = append(group, r)
			want++
		}
		if len(group) > 0 && (len(group) >= c.o.Group || failed != nil || time.Since(since) > maxGroupAge) {
			var err error
			if want, err = c.flush(ctx, fin, group, next); err != nil && failed == nil {
				failed = err
			}
			group = group[:0]
		}
	}
	if len(group) > 0 && failed == nil {
		_, failed = c.flush(ctx, fin, group, next)
	}
	if failed == nil && !c.o.DryRun {
		c.checkpointAhead(ctx) // beside the last files and the close
	}
	for _, r := range waiting {
		r.staged.Discard()
	}
	if err := fin.wait(); failed == nil {
		failed = err
	}
	return failed
}

// flush commits a group and hands it to the finisher (its files and its
// manifest entries). When another
// process took its serials, the group is made again with the next free ones.
// It returns the serial the row after the group (seq next) must carry.
func (c *conv) flush(ctx context.Context, fin *finisher, group []result, next uint64) (uint64, error) {
	ctx = context.WithoutCancel(ctx) // made certificates are committed even when the run is being stopped
	for attempt := 0; ; attempt++ {
		if err := c.syncStaged(group); err != nil {
			discardAll(group)
			return 0, stepErr(text.New("写入证照文件失败", "write certificates"), err)
		}
		is := c.issuances(group)
		err := c.o.Ledger.IssueBatch(ctx, is)
		if err == nil {
			fin.add(committed{files: stagedOf(group), is: is, digests: digestsOf(group)})
			break
		}
		if !errors.Is(err, ledger.ErrSerialConflict) || attempt == maxRenumber {
			discardAll(group)
			return 0, stepErr(text.New("写入台账失败", "record in the ledger"), err)
		}
		if err := c.renumber(ctx, group, next); err != nil {
			discardAll(group)
			return 0, err
		}
	}
	return group[len(group)-1].cert.SerialN + 1, nil
}

// digestsOf is the digests of a group's records, in its order.
func digestsOf(group []result) []string {
	sums := make([]string, len(group))
	for i, r := range group {
		sums[i] = r.digest
	}
	return sums
}

// stagedOf is the staged files of a group, in its order.
func stagedOf(group []result) []issuance.Staged {
	files := make([]issuance.Staged, len(group))
	for i, r := range group {
		files[i] = r.staged
	}
	return files
}

// syncStaged makes the group's staged files and their names durable before
// the group commits, so that a power cut after the commit leaves every
// recorded PDF on disk (a rerun commits it). The syncers fsynced the files
// while the makers went on (syncer.go); here the committer waits for any
// still under way, then fsyncs the directory.
func (c *conv) syncStaged(group []result) error {
	if len(group) == 0 || group[0].staged.Tmp == "" {
		return nil
	}
	var failed error
	for _, r := range group {
		if r.synced == nil {
			continue
		}
		if err := <-r.synced; err != nil && failed == nil {
			failed = err
		}
	}
	if failed != nil {
		return failed
	}
	return issuance.SyncDirs(c.outDir)
}

// renumber makes the group again from the station's counter as it is now,
// and shifts the rows after it (from seq next) to follow.
func (c *conv) renumber(ctx context.Context, group []result, next uint64) error {
	n, err := c.o.Ledger.NextSerial(ctx, c.o.Maker.Station())
	if err != nil {
		return stepErr(text.New("写入台账失败", "record in the ledger"), err)
	}
	for i := range group {
		group[i].staged.Discard()
		if group[i] = c.make(group[i].job, n+uint64(i)); group[i].err != nil {
			return group[i].err
		}
	}
	c.shift.Store(int64(n+uint64(len(group))) - int64(c.first+next))
	return nil
}

func discardAll(group []result) {
	for _, r := range group {
		r.staged.Discard()
	}
}

func (c *conv) issuances(group []result) []ledger.Issuance {
	out := make([]ledger.Issuance, len(group))
	for i, r := range group {
		out[i] = r.cert.Entry(r.staged, issuance.Origin{Actor: c.o.Actor, BatchID: c.batch.ID, RowKey: r.row.Key})
		out[i].Deadline = c.expected(out[i].At) // deadline.go
	}
	return out
}

// recoverStaged commits the staged PDFs of a stopped run that the ledger
// recorded — the very bytes it recorded — and removes the others, so that no
// signed file the ledger does not list stays behind.
func (c *conv) recoverStaged(ctx context.Context) error {
	recorded := map[string]string{} // final name → identifier
	for _, r := range c.done {
		if id, err := ident.Parse(r.Identifier); err == nil {
			recorded[filepath.Join(c.outDir, issuance.PDFName(id))] = r.Identifier
		}
	}
	_, _, err := issuance.RecoverStaged(c.outDir, func(final string) (string, bool, error) {
		id, ok := recorded[final]
		if !ok {
			return "", false, nil
		}
		cert, err := c.o.Ledger.ByIdentifier(ctx, id)
		if err != nil {
			return "", false, err
		}
		return cert.Asked.PDFSM3, true, nil
	})
	if err == nil {
		err = register.RemoveStagedRejects(c.outDir)
	}
	if err != nil {
		return stepErr(text.New("处理上次运行遗留的文件失败", "finish the files of an earlier run"), err)
	}
	return nil
}
