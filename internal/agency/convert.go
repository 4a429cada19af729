package agency

import (
	"context"
	"errors"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"ezz/internal/conversion"
	"ezz/internal/register"
	"ezz/internal/text"
)

// Types a caller of Convert reads.
type (
	Summary    = conversion.Summary
	Progress   = conversion.Progress
	MapProblem = register.MapProblem
)

// ConvertOptions configure the conversion of one register.
type ConvertOptions struct {
	IssueOptions
	Register string // the workbook
	Map      string // --map file, or ""
	DryRun   bool
	Workers  int // makers working all the time; 0 for the default (conversion.Options.Workers)
	Progress func(Progress)
	Warn     func(MapProblem)
}

// Convert converts a register of paper certificates: valid rows are issued
// and recorded, rejected rows go to a rejects workbook. It returns a summary
// even when it fails part-way, so the caller can say what was done.
func (a *Agency) Convert(ctx context.Context, o ConvertOptions) (*Summary, error) {
	regSum := conversion.HashRegister(o.Register) // beside the template's and key's loading
	defer regSum.Abandon()                        // when one of them fails; Run has taken it otherwise
	var m *register.MapFile
	if o.Map != "" {
		var err error
		if m, err = register.LoadMapFile(o.Map); err != nil {
			return nil, err
		}
	}
	is, err := a.openIssuing(o.issueOptions())
	if err != nil {
		return nil, err
	}
	cal, err := a.Calendar()
	if err != nil {
		return nil, err
	}
	boundMemory()
	defer paceGC()()
	if is.maker.MakesPDF() && !o.DryRun {
		widenProcs()
		a.Ledger.FitProcessors() // a checker on each processor
	}
	backup, err := readBackupManifest(a.Workspace.Dir)
	if err != nil {
		return nil, err
	}
	sum, err := conversion.Run(ctx, conversion.Options{Calendar: cal,
		Register: o.Register, Sum: regSum, Map: m, OutDir: is.out, DryRun: o.DryRun,
		Template: is.tmpl.Template, Hash: is.tmpl.Hash, Maker: is.maker, Ledger: a.Ledger,
		Actor: a.Actor, Workers: o.Workers, Now: a.clock, Progress: o.Progress, Warn: o.Warn, LockWait: lockWait,
		Placed: func(recorded string) string { return backup.resolve(recorded, a.Workspace.Dir) },
	})
	return sum, convertError(sum, err)
}

// issueOptions is what the conversion's Maker is built with: without PDFs
// it keeps no QR token, since a conversion hands its tokens to no one but in
// its PDFs (issuance.Config.NoQRToken).
func (o ConvertOptions) issueOptions() IssueOptions {
	io := o.IssueOptions
	io.noQRToken = o.NoPDF
	return io
}

func convertError(sum *Summary, err error) error {
	if err == nil {
		return nil
	}
	if sum == nil && errors.Is(err, context.Canceled) {
		return text.Errorf("转换在开始签发前停止：没有签发任何证照", "stopped before the conversion began issuing: nothing was issued").WithHint(
			"需要时再次运行同一命令", "run the same command again when you are ready")
	}
	if sum == nil {
		return err
	}
	if errors.Is(err, context.Canceled) {
		e := text.Errorf("转换在登记表结束前停止：已签发的 %d 份证照已保存",
			"stopped before the end of the register: the %d certificates issued so far are kept", sum.Issued)
		if sum.Unfinished > 0 {
			e = text.Errorf("转换在登记表结束前停止：已签发的 %d 份证照已保存，已读入的另外 %d 行尚未处理",
				"stopped before the end of the register: the %d certificates issued so far are kept; %d more rows read were not finished", sum.Issued, sum.Unfinished)
		}
		return e.WithHint("再次运行同一命令即可完成该批次", "run the same command again to finish the batch")
	}
	l := asText(err)
	l.Hint = text.New("排除原因后再次运行同一命令：已签发的证照会保留，其余的继续签发",
		"fix the cause and run the same command again: what was issued is kept and the rest is finished")
	return l
}

// convertMemory is the Go runtime's soft memory limit during a conversion
// (GOMEMLIMIT overrides it). The heap no longer grows with the rows — the
// fonts and the in-file duplicate check's table live outside it, and paceGC
// keeps a fixed headroom — so the limit is only a ceiling for what is not
// foreseen: near it the collector runs more often instead (issue 16: ≤ 300 MB).
const convertMemory = 224 << 20

// extraProcs is how many more Go processors than CPUs a conversion with PDFs
// runs: each PDF costs blocking system calls (the file created and written,
// its fsync on a syncer), and a thread in one keeps its processor until the
// runtime's monitor takes it back (up to a tick of 20 µs–10 ms), while the
// other goroutines wait with a CPU idle. On 2 cores, 2 extra processors took a
// 3,000-row conversion's CPU/wall from 1.56–1.64 to 1.75–1.84 (docs/BENCHMARKS.md,
// round 5); without PDFs they did not help.
const extraProcs = 2

var widened sync.Once

// widenProcs adds extraProcs processors, once per process, unless
// GOMAXPROCS is set.
func widenProcs() {
	widened.Do(func() {
		if os.Getenv("GOMAXPROCS") == "" {
			runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + extraProcs)
		}
	})
}

// boundMemory sets convertMemory unless GOMEMLIMIT sets a limit already.
func boundMemory() {
	if os.Getenv("GOMEMLIMIT") == "" && debug.SetMemoryLimit(-1) == math.MaxInt64 {
		debug.SetMemoryLimit(convertMemory)
	}
}
