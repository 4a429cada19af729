package conversion

import (
	"context"
	"runtime"
	"sync"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/register"
)

// Reading is three stages, so that validating rows does not hold up the
// makers: one goroutine reads the rows in file order and gives each its one
// clock reading; checkers (one per CPU) validate the rows' items and plan
// them (issuance.Maker.Plan: the ledger's look-up of the number, dates, seal,
// the face laid out) in any order; and admit takes them back in file order
// for what must be serial — the duplicate check within the file (exact: the
// first row of a pair is the earlier one), the rows an earlier run of the
// batch issued, the rejects workbook and the serial numbers.

// checked is a row read and checked, with its place in the file.
type checked struct {
	idx   uint64 // its place among the rows read
	row   register.Row
	at    time.Time // the row's one clock reading
	vals  map[string]string
	probs []register.Problem // the items' problems
	plan  *issuance.Plan
	nplan []register.Problem // why it cannot be issued, when its items are valid
	err   error              // the ledger could not be asked
}

// read validates every row, rejects the bad ones and hands the good ones,
// numbered in file order, to the workers.
func (c *conv) read(ctx context.Context, jobs chan<- job) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := max(1, runtime.GOMAXPROCS(0))
	rows := make(chan checked, 4*n)
	out := make(chan checked, 4*n)
	readErr := make(chan error, 1)
	go func() { readErr <- c.feed(ctx, rows) }()
	var checkers sync.WaitGroup
	for range n {
		checkers.Add(1)
		go func() {
			defer checkers.Done()
			for r := range rows {
				c.check(ctx, &r)
				select {
				case out <- r:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { checkers.Wait(); close(out) }()
	err := c.admitAll(ctx, out, jobs)
	cancel()
	for range out { // let the checkers finish
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	return err
}

// feed reads the rows in file order.
func (c *conv) feed(ctx context.Context, rows chan<- checked) error {
	defer close(rows)
	it := c.reg.Rows(ctx)
	defer it.Close()
	for i := uint64(0); it.Next(); i++ {
		r := checked{idx: i, row: it.Row(), at: c.o.Now()}
		select {
		case rows <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	c.empty.Store(int64(it.Stats().Empty))
	if err := it.Err(); err != nil {
		return readRegisterErr(c.o.Register, err)
	}
	return ctx.Err()
}

// check validates the row's items and, when they are valid and the row is
// not issued yet, plans its certificate.
func (c *conv) check(ctx context.Context, r *checked) {
	r.vals, r.probs = c.val.Fields(r.row)
	if len(r.probs) > 0 || c.isDone(r.row) {
		return
	}
	r.plan, r.nplan, r.err = c.checkIssuable(ctx, r.row, r.vals, r.at)
}

func (c *conv) isDone(row register.Row) bool {
	d, ok := c.done[row.Key]
	return ok && d.Identifier != ""
}

// admitAll takes the checked rows back in file order.
func (c *conv) admitAll(ctx context.Context, out <-chan checked, jobs chan<- job) error {
	waiting := map[uint64]checked{}
	var next uint64
	for r := range out {
		waiting[r.idx] = r
		for {
			r, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			if err := c.admit(ctx, r, jobs); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// admit finishes a row in file order: the duplicate check, then it is
// skipped (issued by an earlier run), rejected, or numbered and handed on.
func (c *conv) admit(ctx context.Context, r checked, jobs chan<- job) error {
	c.rows.Add(1)
	probs := r.probs
	p, err := c.val.Duplicate(r.row, r.vals, probs)
	if err != nil {
		return err
	}
	if p != nil {
		probs = append(probs, *p)
	}
	if c.isDone(r.row) {
		c.already.Add(1)
		return nil
	}
	if len(probs) == 0 {
		if r.err != nil {
			return r.err
		}
		probs = r.nplan
	}
	if len(probs) > 0 {
		return c.reject(ctx, r.row, probs)
	}
	if c.o.DryRun {
		c.issued.Add(1)
		return nil
	}
	select {
	case jobs <- job{seq: c.seq, row: r.row, plan: r.plan}:
		c.seq++
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
