package conversion

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ezz/internal/dataitem"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/register"
	"ezz/internal/workday"

	"ezz/internal/text"
)

// conv is one running conversion.
type conv struct {
	o           Options
	reg         *register.Register
	val         *register.Validator
	regSM3      string
	batch       ledger.Batch
	resumed     bool
	done        map[string]ledger.Row
	entries     *entryLog // this run's manifest entries (entries.go); nil in a dry run
	rejects     *register.Rejects
	rejectsPath string
	outDir      string
	lock        *os.File      // the batch directory's lock (lock.go)
	stopGrowing func()        // stops the audit grower (run, finish)
	checkpoint  chan struct{} // closed when checkpointAhead's checkpoint is done
	syncer      *syncer       // fsyncs the staged files while the makers go on; nil without PDFs
	standby     *standby      // the maker that works while the committer is short (makers.go); nil for none
	first       uint64        // the station's counter when the run started
	seq         uint64        // rows handed to the workers so far
	shift       atomic.Int64  // serial = first + seq + shift; moves when another process took serials
	started     time.Time
	total       int // estimated data rows, for progress
	concluded   time.Time
	deadline    workday.Deadline
	expectedDay string    // the day of expectedAt's rows (deadline.go)
	expectedAt  time.Time // the deadline of a batch closing that day

	rows, empty, issued, rejected, already atomic.Int64
	pendingRejects                         []ledger.Row
	manifest                               string
}

// job is a valid row, its place in the run and the one clock reading that
// dates its record, QR code, signature and ledger entry.
type job struct {
	seq  uint64
	row  register.Row
	plan *issuance.Plan // the row's values, its clock reading and its face laid out
}

// result is a made certificate with its staged PDF, or why it could not be made.
type result struct {
	job
	cert   *issuance.Certificate
	digest string // hex of cert.Digest, for the manifest (entries.go)
	staged issuance.Staged
	synced <-chan error // the staged file's fsync (syncer.go)
	err    error
}

func start(ctx context.Context, o Options) (*conv, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	var standing bool
	if o.Workers <= 0 {
		o.Workers, standing = defaultMakers(o.Maker.MakesPDF())
	}
	if o.Group <= 0 {
		o.Group = groupRows(o.Maker.MakesPDF())
	}
	c := &conv{o: o, started: time.Now()} // wall time, for rates; o.Now stamps the records
	if standing {
		c.standby = newStandby()
	}
	var err error
	regFile, regSM3, err := o.openRegister()
	if err != nil {
		return nil, readRegisterErr(o.Register, err)
	}
	c.regSM3 = regSM3
	if c.reg, err = register.OpenFile(regFile, o.Register, o.Template.Items, o.Map); err != nil {
		return nil, err
	}
	if c.reg.Err() != nil {
		c.reg.Close()
		return nil, mappingError(&MappingError{Register: o.Register, Problems: c.reg.Problems()})
	}
	var unique [][]string
	if n := o.Template.Metadata.Number; n != "" {
		unique = append(unique, []string{n})
	}
	std := dataitem.Standard{Items: o.Template.Items, Rules: o.Template.Rules}
	if c.val, err = register.NewValidator(std, unique...); err != nil {
		c.reg.Close()
		return nil, fmt.Errorf("template %s: %w", o.Template.Path, err)
	}
	if o.Warn != nil {
		for _, p := range c.reg.Problems() {
			o.Warn(p)
		}
	}
	if err := c.openBatch(ctx); err != nil {
		c.close()
		return nil, err
	}
	c.total = c.reg.EstimatedRows()
	return c, nil
}

func (c *conv) openBatch(ctx context.Context) error {
	base := strings.TrimSuffix(filepath.Base(c.o.Register), filepath.Ext(c.o.Register))
	if c.o.DryRun {
		c.outDir = c.o.OutDir
		return c.openRejects(filepath.Join(c.outDir, base+".rejects.xlsx"))
	}
	station := c.o.Maker.Station()
	b := ledger.Batch{Station: station, Register: c.o.Register, RegisterSM3: c.regSM3, TemplateHash: c.o.Hash}
	var err error
	if c.batch, c.resumed, err = c.o.Ledger.OpenBatch(ctx, b, c.o.Actor, c.o.Now()); err != nil {
		return err
	}
	c.outDir = filepath.Join(c.o.OutDir, c.batch.ID)
	if err := c.sameFolder(ctx); err != nil {
		return err
	}
	if c.lock, err = lockBatch(ctx, c.outDir, c.batch.ID, c.o.LockWait); err != nil {
		return err
	}
	if c.done, err = c.o.Ledger.BatchRows(ctx, c.batch.ID); err != nil {
		return err
	}
	if c.entries, err = newEntryLog(ctx, c.o.Ledger, c.done); err != nil {
		return err
	}
	if c.first, err = c.o.Ledger.NextSerial(ctx, station); err != nil {
		return err
	}
	if err := c.openRejects(filepath.Join(c.outDir, base+".rejects.xlsx")); err != nil {
		return err
	}
	return c.recoverStaged(ctx)
}

// sameFolder refuses to resume a batch into another folder than the one its
// PDFs went to (another --out): its files, its manifest and what a stopped
// run left staged are in that one folder.
func (c *conv) sameFolder(ctx context.Context) error {
	if !c.resumed {
		return nil
	}
	pdf, err := c.o.Ledger.BatchPDF(ctx, c.batch.ID)
	if err != nil || pdf == "" {
		return err
	}
	if c.o.Placed != nil {
		pdf = c.o.Placed(pdf)
	}
	was, now := filepath.Dir(pdf), c.outDir
	if a, err := filepath.Abs(was); err == nil {
		was = a
	}
	if a, err := filepath.Abs(now); err == nil {
		now = a
	}
	if was == now || sameDir(was, now) {
		return nil
	}
	if _, err := os.Stat(was); err != nil {
		// The folder it recorded is gone (a workspace an older ezz recorded
		// relative to the folder it was started in, then moved): nothing to
		// point the clerk to, and nothing there to split from.
		return nil
	}
	return text.Errorf("批次 %s 此前的证照文件在 %s，而本次的输出目录是 %s", "batch %s put its certificate files in %s, and this run's output folder is %s",
		c.batch.ID, was, now).WithHint("请用与此前相同的输出目录再次运行：-o %s（若它是工作区的 out/，不加 -o 即可）",
		"run it again with the same output folder as before: -o %s (no -o if that is the workspace's out/)", filepath.Dir(was))
}

// sameDir reports whether two folders are one through symbolic links (a
// linked --out, a --home given by a link).
func sameDir(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func (c *conv) openRejects(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	os.Remove(path) // a rejects workbook from an earlier run is replaced
	c.rejectsPath = path
	var err error
	c.rejects, err = register.NewRejects(path)
	return err
}

func (c *conv) close() {
	c.reg.Close()
	if c.val != nil {
		c.val.Close() // removes the duplicate check's temporary file
	}
	if c.lock != nil {
		c.lock.Close() // drops the batch's lock
	}
	c.entries.close()
	c.stopGrower()
	if c.checkpoint != nil {
		<-c.checkpoint
	}
}

// checkpointAhead copies the WAL into the ledger's file once the last group
// is committed, while the last files are put in place and the batch is
// closed, so that the ledger's close at the end of the command has only the
// close's own pages left to copy. It is SQLite's own checkpoint, run early:
// what it copies was committed (and fsynced) already. A checkpoint that
// fails leaves the WAL to the ledger's close, as before.
func (c *conv) checkpointAhead(ctx context.Context) {
	c.checkpoint = make(chan struct{})
	go func() {
		defer close(c.checkpoint)
		_ = c.o.Ledger.Checkpoint(context.WithoutCancel(ctx))
	}()
}

// stopGrower stops the audit grower, if it runs, and waits for its round.
func (c *conv) stopGrower() {
	if c.stopGrowing != nil {
		c.stopGrowing()
		c.stopGrowing = nil
	}
}

// run reads the rows in order, issues the valid ones on o.Workers goroutines
// (and a standby one, makers.go) and commits them to the ledger in serial order.
func (c *conv) run(ctx context.Context) error {
	if !c.o.DryRun {
		// The close's tree head is left the last entries (ledger/audit_grow.go).
		// finish stops the grower once the manifest is being staged, so that its
		// last round overlaps that work rather than the rows' end waiting for it.
		c.stopGrowing = c.o.Ledger.GrowAuditWhile(ctx)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopProgress := c.progressLoop()
	defer stopProgress()

	// Room for a group in flight, so the readers and makers keep going while
	// the committer writes one group to the ledger.
	queue := max(inFlight, c.o.Group)
	jobs := make(chan job, queue)
	results := make(chan result, queue)
	if c.o.Maker.MakesPDF() {
		c.syncer = newSyncer(queue)
		defer c.syncer.stop()
	}
	var workers sync.WaitGroup
	for range c.o.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			c.work(jobs, results)
		}()
	}
	if c.standby != nil {
		workers.Add(1)
		go func() {
			defer workers.Done()
			c.standby.work(c.makeJob, jobs, results)
		}()
	}
	commitErr := make(chan error, 1)
	go func() { commitErr <- c.commit(ctx, results) }()

	readErr := c.read(ctx, jobs)
	close(jobs)
	if c.standby != nil {
		close(c.standby.done)
	}
	workers.Wait()
	close(results)
	err := <-commitErr
	if err != nil {
		return err
	}
	return readErr
}

// checkIssuable finds what validation cannot: the number already issued by
// another batch (in issued, from the chunk's look-up), or a face that cannot
// be drawn (issuance.Maker.PlanIssued).
func (c *conv) checkIssuable(row register.Row, vals map[string]string, at time.Time, issued issuance.Issued) (*issuance.Plan, []register.Problem) {
	plan, err := c.o.Maker.PlanIssued(vals, at, issued)
	if err != nil {
		return nil, []register.Problem{precheckProblem(row, c.o.Template, err)}
	}
	return plan, nil
}

// lookupErr is the ledger failing to say which numbers it holds: the
// conversion stops, since no row can be judged.
func lookupErr(err error) error {
	return stepErr(text.New("查询台账中的证照编号失败", "look up the certificate numbers in the ledger"), err)
}

func (c *conv) reject(ctx context.Context, row register.Row, probs []register.Problem) error {
	c.rejected.Add(1)
	if err := c.rejects.Add(row, probs); err != nil {
		return rejectsErr(err)
	}
	if c.o.DryRun {
		return nil
	}
	c.pendingRejects = append(c.pendingRejects, ledger.Row{Key: row.Key, RejectReason: register.Reason(row, probs)})
	if len(c.pendingRejects) >= 256 {
		return c.flushRejects(ctx)
	}
	return nil
}

func (c *conv) flushRejects(ctx context.Context) error {
	if len(c.pendingRejects) == 0 {
		return nil
	}
	err := c.o.Ledger.RejectRows(ctx, c.batch.ID, c.pendingRejects, c.o.Now())
	c.pendingRejects = c.pendingRejects[:0]
	return err
}

// Groups and queues. Each commit costs the committer more than its rows:
// the transaction's begin, its tree head check, the WAL's fsync. Without PDFs
// the committer is the stage that sets the pace, and those costs were paid
// every 256 rows; groups of 512 pay them half as often (20,000 rows: 110
// fsyncs → 71, pwrite(2)s 74k → 65k). With PDFs a group's files are renamed
// into place after its commit, and the last group's are the run's serial
// tail, so groups stay at 256 there. The queues between reader, makers and
// committer hold inFlight rows whatever the group, as they did at 256 rows a
// group: what a larger group would cost in memory is the queues, not the
// group (round 7: groups and queues of 1,024 rows, +45 MB).
const (
	groupNoPDF = 512
	groupPDF   = 256
	inFlight   = 512
)

// groupRows is the default group size of a conversion with or without PDFs.
func groupRows(pdf bool) int {
	if pdf {
		return groupPDF
	}
	return groupNoPDF
}

// maxGroupAge bounds how long a made certificate waits for its group's commit.
const maxGroupAge = 500 * time.Millisecond
