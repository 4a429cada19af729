// Package conversion runs the bulk digitisation of a register of paper
// certificates: every row is validated, valid rows are issued as signed
// certificates and committed to the ledger in order, rejected rows go to a
// rejects workbook, and a killed run resumes where it stopped.
package conversion

import (
	"context"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/register"
	"ezz/internal/workday"
)

// Options configure one conversion.
type Options struct {
	Register string            // the workbook to convert
	Sum      *RegisterSum      // its SM3 taken ahead (HashRegister), or nil
	Map      *register.MapFile // explicit column mapping, or nil
	OutDir   string            // certificates go to OutDir/<batch>/
	DryRun   bool              // validate and write rejects only: issue nothing
	Template *catalogue.Template
	Hash     string // the template's catalogue hash
	Maker    *issuance.Maker
	Ledger   *ledger.Ledger
	Actor    string
	Now      func() time.Time
	Workers  int                       // makers working all the time; 0: one per Go processor, without PDFs one fewer and one standing by (makers.go)
	Group    int                       // certificates committed per ledger transaction; 0 means groupRows (run.go)
	Progress func(Progress)            // called now and then from one goroutine, and once at the end
	Warn     func(register.MapProblem) // called for each mapping warning before any row is read
	Calendar *workday.Calendar         // working days of the push deadline; nil means the built-in table
	LockWait time.Duration             // how long to wait for the batch directory's lock while another process holds it; 0 tries once
	// Placed is where a PDF the ledger records is now (in a copy made by ezz
	// backup, under the copy's out/); nil: where it was recorded.
	Placed func(recorded string) string
}

// Progress is how far a conversion has got.
type Progress struct {
	Rows     int // data rows read so far
	Total    int // estimated data rows in the register; 0 when unknown
	Issued   int // issued in this run
	Rejected int
	Already  int // issued by an earlier run of the same batch
	Elapsed  time.Duration
	Done     bool
}

// Summary is what a conversion did. Rows = Issued + Rejected + Already +
// Unfinished, and Unfinished is 0 once the batch concluded.
type Summary struct {
	Batch    string `json:"batch"`
	Register string `json:"register"`
	Resumed  bool   `json:"resumed"`
	DryRun   bool   `json:"dry_run"`
	Rows     int    `json:"rows"`
	Empty    int    `json:"empty_rows"`
	Issued   int    `json:"issued"`
	Rejected int    `json:"rejected"`
	Already  int    `json:"already_issued"`
	// Unfinished counts the rows read but neither issued nor rejected when a
	// run stopped before the end: the same command again finishes them.
	Unfinished  int     `json:"unfinished,omitempty"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"per_second"`
	OutDir      string  `json:"out_dir,omitempty"`
	Rejects     string  `json:"rejects,omitempty"`
	Manifest    string  `json:"manifest,omitempty"`
	ConcludedAt string  `json:"concluded_at,omitempty"`
	// PushDeadline is when the batch's new certificates must have reached the
	// repository: the end of the 5th working day after the batch concluded.
	PushDeadline        string                `json:"push_deadline,omitempty"`
	DeadlineProvisional bool                  `json:"deadline_provisional,omitempty"` // a year on the way has no announced holiday calendar
	Mapping             []*register.Sheet     `json:"mapping"`
	Warnings            []register.MapProblem `json:"warnings,omitempty"`
}

// Run converts the register. It returns a summary even when it fails part-way,
// so the caller can say what was done; everything counted as issued is committed.
func Run(ctx context.Context, o Options) (*Summary, error) {
	c, err := start(ctx, o)
	if err != nil {
		return nil, err
	}
	defer c.close()
	err = c.run(ctx)
	if ferr := c.finish(ctx, err); err == nil {
		err = ferr
	}
	return c.summary(), err
}
