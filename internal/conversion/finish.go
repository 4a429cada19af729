package conversion

import (
	"context"
	"os"
	"time"

	"ezz/internal/workday"

	"ezz/internal/text"
)

// progressLoop reports progress every quarter second until stopped.
func (c *conv) progressLoop() (stop func()) {
	if c.o.Progress == nil {
		return func() {}
	}
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				c.o.Progress(c.progress(false))
			case <-quit:
				return
			}
		}
	}()
	return func() { close(quit); <-finished }
}

func (c *conv) progress(done bool) Progress {
	return Progress{
		Rows: int(c.rows.Load()), Total: max(c.total, int(c.rows.Load())), Issued: int(c.issued.Load()), Rejected: int(c.rejected.Load()),
		Already: int(c.already.Load()), Elapsed: time.Since(c.started), Done: done,
	}
}

// finish records the rejects, closes the batch and writes its manifest.
// runErr is the error run ended with: the batch stays open for a re-run then.
func (c *conv) finish(ctx context.Context, runErr error) error {
	ctx = context.WithoutCancel(ctx)
	if c.o.Progress != nil {
		c.o.Progress(c.progress(true))
	}
	if err := c.rejects.Close(); err != nil {
		return rejectsErr(err)
	}
	if c.o.DryRun {
		return nil
	}
	if err := c.flushRejects(ctx); err != nil {
		return stepErr(text.New("记录退回行失败", "record rejected rows"), err)
	}
	if runErr != nil {
		return nil
	}
	now := c.o.Now()
	// The manifest is read from the ledger, hashed and signed while the batch
	// is closed (a reader beside the writer, in WAL mode): on two cores the
	// close takes the longer of the two, not their sum. It is renamed into
	// place only once the batch is closed, as when they ran in turn.
	staged := make(chan error, 1)
	go func() { staged <- c.stageManifest(ctx, now) }()
	c.stopGrower() // its last round beside the manifest's, before the close's head hashes the rest
	err := c.closeBatch(ctx, now)
	if serr := <-staged; err == nil {
		err = serr
	}
	if err != nil {
		os.Remove(c.manifestPath() + ".tmp")
		return err
	}
	c.manifest, err = c.placeManifest()
	return err
}

// closeBatch records the batch's end and, when it concludes any certificate,
// its push deadline, in one transaction. It concludes the certificates this
// run issued and, at the batch's first close, every one it holds: a run
// killed after its last commit but before its close leaves them to a rerun
// that issues nothing (docs/deadlines.md).
func (c *conv) closeBatch(ctx context.Context, now time.Time) error {
	issued := int(c.issued.Load() + c.already.Load())
	rejected, skipped := int(c.rejected.Load()), int(c.empty.Load())
	var err error
	if c.issued.Load() == 0 && (c.already.Load() == 0 || !c.batch.ConcludedAt.IsZero()) {
		err = c.o.Ledger.CloseBatch(ctx, c.batch.ID, issued, rejected, skipped, c.o.Actor, now)
	} else {
		c.deadline = c.calendar().After(now, workday.BulkDays)
		err = c.o.Ledger.CloseBatchDue(ctx, c.batch.ID, issued, rejected, skipped, c.deadline.At, c.o.Actor, c.o.Maker.Station(), now)
	}
	if err == nil {
		c.concluded = now
	}
	return err
}

func (c *conv) summary() *Summary {
	s := &Summary{
		Batch: c.batch.ID, Register: c.o.Register, Resumed: c.resumed, DryRun: c.o.DryRun,
		Rows: int(c.rows.Load()), Empty: int(c.empty.Load()), Issued: int(c.issued.Load()),
		Rejected: int(c.rejected.Load()), Already: int(c.already.Load()),
		OutDir: c.outDir, Manifest: c.manifest, Mapping: c.reg.Mapping(),
	}
	if !c.concluded.IsZero() {
		s.ConcludedAt = c.concluded.UTC().Format(time.RFC3339)
	} else {
		s.Unfinished = max(0, s.Rows-s.Issued-s.Rejected-s.Already)
	}
	if !c.deadline.At.IsZero() {
		s.PushDeadline = c.deadline.At.UTC().Format(time.RFC3339)
		s.DeadlineProvisional = c.deadline.Provisional
	}
	s.Warnings = append(s.Warnings, c.reg.Problems()...)
	if c.rejects.Count() > 0 {
		s.Rejects = c.rejectsPath
	}
	elapsed := time.Since(c.started)
	s.Seconds = elapsed.Seconds()
	if s.Seconds > 0 {
		s.PerSecond = float64(s.Issued) / s.Seconds
	}
	return s
}
