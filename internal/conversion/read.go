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
// makers: one goroutine reads the rows in file order, gives each its one
// clock reading and hands them on in chunks; checkers (one per CPU) validate
// a chunk's items, ask the ledger in one query which of its certificate
// numbers are issued already, and plan its rows (issuance.Maker.PlanIssued:
// dates, seal, the face laid out), chunks in any order; and admit takes the
// rows back in file order for what must be serial — the duplicate check
// within the file (exact: the first row of a pair is the earlier one), the
// rows an earlier run of the batch issued, the rejects workbook and the
// serial numbers.

// chunkRows is how many rows the reader hands on at once: one channel send,
// one wake-up and one ledger query for all of them.
const chunkRows = 32

// checked is a row read and checked, with its place in the file.
type checked struct {
	row   register.Row
	at    time.Time // the row's one clock reading
	vals  map[string]string
	probs []register.Problem // the items' problems
	plan  *issuance.Plan
	nplan []register.Problem // why it cannot be issued, when its items are valid
	err   error              // the ledger could not be asked
}

// chunk is up to chunkRows consecutive rows and its place among the chunks read.
type chunk struct {
	idx  uint64
	rows []checked
}

// read validates every row, rejects the bad ones and hands the good ones,
// numbered in file order, to the workers.
func (c *conv) read(ctx context.Context, jobs chan<- job) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := max(1, runtime.GOMAXPROCS(0))
	chunks := make(chan chunk, 2*n)
	out := make(chan chunk, 2*n)
	readErr := make(chan error, 1)
	go func() { readErr <- c.feed(ctx, chunks) }()
	var checkers sync.WaitGroup
	for range n {
		checkers.Add(1)
		go func() {
			defer checkers.Done()
			for ch := range chunks {
				c.check(ctx, ch.rows)
				select {
				case out <- ch:
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
func (c *conv) feed(ctx context.Context, chunks chan<- chunk) error {
	defer close(chunks)
	it := c.reg.Rows(ctx)
	defer it.Close()
	ch := chunk{rows: make([]checked, 0, chunkRows)}
	send := func() bool {
		select {
		case chunks <- ch:
			ch = chunk{idx: ch.idx + 1, rows: make([]checked, 0, chunkRows)}
			return true
		case <-ctx.Done():
			return false
		}
	}
	for it.Next() {
		ch.rows = append(ch.rows, checked{row: it.Row(), at: c.o.Now()})
		if len(ch.rows) == chunkRows && !send() {
			return ctx.Err()
		}
	}
	if len(ch.rows) > 0 && !send() {
		return ctx.Err()
	}
	c.empty.Store(int64(it.Stats().Empty))
	if err := it.Err(); err != nil {
		return readRegisterErr(c.o.Register, err)
	}
	return ctx.Err()
}

// check validates the rows' items and plans the certificates of those whose
// items are valid and that are not issued yet, after one look-up of their
// numbers in the ledger.
func (c *conv) check(ctx context.Context, rows []checked) {
	var plan []map[string]string
	var todo []*checked // the rows of plan
	for i := range rows {
		r := &rows[i]
		r.vals, r.probs = c.val.Fields(r.row)
		if len(r.probs) == 0 && !c.isDone(r.row) {
			plan, todo = append(plan, r.vals), append(todo, r)
		}
	}
	if len(plan) == 0 {
		return
	}
	issued, err := c.o.Maker.IssuedNumbers(ctx, c.o.Ledger, plan)
	for _, r := range todo {
		if err != nil {
			r.err = lookupErr(err)
			continue
		}
		r.plan, r.nplan = c.checkIssuable(r.row, r.vals, r.at, issued)
	}
}

func (c *conv) isDone(row register.Row) bool {
	d, ok := c.done[row.Key]
	return ok && d.Identifier != ""
}

// admitAll takes the checked chunks back in file order.
func (c *conv) admitAll(ctx context.Context, out <-chan chunk, jobs chan<- job) error {
	waiting := map[uint64]chunk{}
	var next uint64
	for ch := range out {
		waiting[ch.idx] = ch
		for {
			ch, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			for _, r := range ch.rows {
				if err := c.admit(ctx, r, jobs); err != nil {
					return err
				}
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
