package conversion

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ezz/internal/dataitem"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/register"
	"ezz/internal/workday"
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
	rejects     *register.Rejects
	rejectsPath string
	outDir      string
	next        uint64 // the serial counter value of the next certificate
	started     time.Time
	total       int // estimated data rows, for progress
	concluded   time.Time
	deadline    workday.Deadline

	rows, empty, issued, rejected, already atomic.Int64
	pendingRejects                         []ledger.Row
	manifest                               string
}

// job is a valid row with the serial number it will carry.
type job struct {
	n    uint64
	row  register.Row
	vals map[string]string
}

// result is a made certificate, or why it could not be made.
type result struct {
	job
	cert *issuance.Certificate
	path string
	sm3  string
	err  error
}

func start(ctx context.Context, o Options) (*conv, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Group <= 0 {
		o.Group = 256
	}
	c := &conv{o: o, started: time.Now()} // wall time, for rates; o.Now stamps the records
	var err error
	if c.regSM3, err = fileSM3(o.Register); err != nil {
		return nil, readRegisterErr(o.Register, err)
	}
	if c.reg, err = register.Open(o.Register, o.Template.Items, o.Map); err != nil {
		return nil, err
	}
	if c.reg.Err() != nil {
		c.reg.Close()
		return nil, &MappingError{Register: o.Register, Problems: c.reg.Problems()}
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
		c.reg.Close()
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
	if c.done, err = c.o.Ledger.BatchRows(ctx, c.batch.ID); err != nil {
		return err
	}
	if c.next, err = c.o.Ledger.NextSerial(ctx, station); err != nil {
		return err
	}
	c.outDir = filepath.Join(c.o.OutDir, c.batch.ID)
	return c.openRejects(filepath.Join(c.outDir, base+".rejects.xlsx"))
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

func (c *conv) close() { c.reg.Close() }

// run reads the rows in order, issues the valid ones on o.Workers goroutines
// and commits them to the ledger in serial order.
func (c *conv) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopProgress := c.progressLoop()
	defer stopProgress()

	// Room for two groups in flight, so the readers and makers keep going while
	// the committer writes one group to the ledger.
	jobs := make(chan job, 2*c.o.Group)
	results := make(chan result, 2*c.o.Group)
	var workers sync.WaitGroup
	for range c.o.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			c.work(jobs, results)
		}()
	}
	commitErr := make(chan error, 1)
	first := c.next // read advances c.next as it numbers rows
	go func() { commitErr <- c.commit(ctx, first, results) }()

	readErr := c.read(ctx, jobs)
	close(jobs)
	workers.Wait()
	close(results)
	err := <-commitErr
	if err != nil {
		return err
	}
	return readErr
}

// read validates every row in file order, rejects the bad ones and hands the
// good ones, numbered, to the workers.
func (c *conv) read(ctx context.Context, jobs chan<- job) error {
	it := c.reg.Rows(ctx)
	defer it.Close()
	for it.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		row := it.Row()
		c.rows.Add(1)
		vals, probs := c.val.Check(row)
		if r, ok := c.done[row.Key]; ok && r.Identifier != "" {
			c.already.Add(1)
			continue
		}
		if len(probs) == 0 {
			probs = c.checkIssuable(ctx, row, vals)
		}
		if len(probs) > 0 {
			if err := c.reject(ctx, row, probs); err != nil {
				return err
			}
			continue
		}
		if c.o.DryRun {
			c.issued.Add(1)
			continue
		}
		select {
		case jobs <- job{n: c.next, row: row, vals: vals}:
			c.next++
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	c.empty.Store(int64(it.Stats().Empty))
	if err := it.Err(); err != nil {
		return readRegisterErr(c.o.Register, err)
	}
	return nil
}

// checkIssuable finds what validation cannot: the number already issued by
// another batch, or a face that cannot be drawn.
func (c *conv) checkIssuable(ctx context.Context, row register.Row, vals map[string]string) []register.Problem {
	t := c.o.Template
	if item := t.Metadata.Number; item != "" && vals[item] != "" && c.o.Ledger != nil {
		cert, err := c.o.Ledger.ByNumber(ctx, t.Catalogue.TypeCode, vals[item])
		if err == nil {
			return []register.Problem{{
				Column: row.Column(item), Item: item, Code: "already-issued",
				Message:   fmt.Sprintf("证照编号 %s 已签发为 %s，不能重复签发", vals[item], cert.Identifier),
				MessageEn: fmt.Sprintf("certificate number %s was already issued as %s", vals[item], cert.Identifier),
			}}
		}
	}
	if err := c.o.Maker.Precheck(vals, c.o.Now()); err != nil {
		return []register.Problem{precheckProblem(row, c.o.Template, err)}
	}
	return nil
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

// work makes certificates and writes their files.
func (c *conv) work(jobs <-chan job, results chan<- result) {
	for j := range jobs {
		r := result{job: j}
		r.cert, r.err = c.o.Maker.Make(j.vals, j.n, c.o.Now())
		if r.err == nil && r.cert.PDF != nil {
			r.path, r.err = r.cert.WritePDF(c.outDir)
			r.sm3 = r.cert.PDFSM3
			r.cert.PDF = nil // on disk now: keep memory flat while it waits for its commit
		}
		results <- r // the committer drains results until the workers are done
	}
}

// commit records the certificates in serial order, o.Group per transaction.
// The first failure stops it: what came before is committed, nothing after.
func (c *conv) commit(ctx context.Context, next uint64, results <-chan result) error {
	waiting := map[uint64]result{}
	var group []ledger.Issuance
	var failed error
	var since time.Time // when the oldest certificate in group was made
	for r := range results {
		if failed != nil {
			continue // drain
		}
		waiting[r.n] = r
		for {
			r, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			next++
			if r.err != nil {
				failed = fmt.Errorf("%s: %w", register.Location(r.row.Sheet, r.row.Number), r.err)
				break
			}
			if len(group) == 0 {
				since = time.Now()
			}
			group = append(group, c.issuance(r))
		}
		if len(group) > 0 && (len(group) >= c.o.Group || failed != nil || time.Since(since) > maxGroupAge) {
			if err := c.flush(ctx, group); err != nil && failed == nil {
				failed = err
			}
			group = group[:0]
		}
	}
	if len(group) > 0 && failed == nil {
		failed = c.flush(ctx, group)
	}
	return failed
}

func (c *conv) flush(ctx context.Context, group []ledger.Issuance) error {
	// The group's PDFs (each fsynced when written) get durable names first.
	if err := c.syncFiles(group); err != nil {
		return stepErr("write certificates", "写入证照文件失败", err)
	}
	// Made certificates are committed even when the run is being stopped.
	if err := c.o.Ledger.IssueBatch(context.WithoutCancel(ctx), group); err != nil {
		return stepErr("record in the ledger", "写入台账失败", err)
	}
	c.issued.Add(int64(len(group)))
	return nil
}

// syncFiles makes the names of the group's PDFs durable (one directory fsync).
func (c *conv) syncFiles(group []ledger.Issuance) error {
	for _, is := range group {
		if is.PDFPath != "" {
			return issuance.SyncDirs(c.outDir)
		}
	}
	return nil
}

func (c *conv) issuance(r result) ledger.Issuance {
	rec := r.cert.Record
	return ledger.Issuance{
		Identifier: rec.Identifier,
		Station:    rec.Station,
		Serial:     r.cert.ID.Serial,
		SerialN:    r.n,
		TypeCode:   rec.Meta.ZZLXDM,
		Number:     rec.Meta.ZZBH,
		HolderCode: rec.Meta.CZZTDM,
		Record:     r.cert.Envelope,
		PDFPath:    r.path,
		PDFSM3:     r.sm3,
		BatchID:    c.batch.ID,
		RowKey:     r.row.Key,
		Actor:      c.o.Actor,
		At:         c.o.Now(),
	}
}

// maxGroupAge bounds how long a made certificate waits for its group's commit.
const maxGroupAge = 500 * time.Millisecond
