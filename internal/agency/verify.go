package agency

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ezz/internal/input"
	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/text"
	"ezz/internal/verify"
)

// Report is the verdict on one file or QR code.
type Report = verify.Report

// Check is the outcome of one named check of a Report.
type Check = verify.Check

// State is the certificate's state in a Report, as its status source told it.
type State = verify.State

// VerifyOptions say what verification runs against.
type VerifyOptions struct {
	At        time.Time  // check as of; zero means now
	Templates string     // check catalogues against the templates under this directory
	Status    StatusFrom // where the status comes from instead of the ledger (status_source.go)
	// Each, when set, is given every file's report as soon as it and those
	// before it are done, in the order of the names (a command prints them
	// as it goes); calls do not overlap.
	Each func(*Report)
}

// verifier is one verification run: its options and the access log it writes.
type verifier struct {
	a     *Agency
	opts  verify.Options
	pipes pipeBudget // the time left to wait on pipes among the files
	large sync.Mutex // held by the one worker reading a large file or a pipe
}

func (a *Agency) verifier(o VerifyOptions) (*verifier, error) {
	v := &verifier{a: a, opts: verify.Options{At: o.At}, pipes: pipeBudget{left: input.PipeWait}}
	if v.opts.At.IsZero() {
		v.opts.At = a.Now()
	}
	trust, err := a.Trust()
	if err != nil && len(a.opts.Trust) > 0 {
		return nil, err
	}
	v.opts.Trust = trust // no keys yet: nothing trusted, reported
	if o.Templates != "" {
		if v.opts.Catalogues, err = verify.LoadCatalogues(o.Templates, nil); err != nil {
			return nil, err
		}
	}
	v.opts.Cache = verify.NewCache(trust)
	if a.Ledger != nil {
		v.opts.Status = verify.LedgerStatus{Ledger: a.Ledger, Name: "workspace " + a.Workspace.Dir}
	}
	return v, o.Status.apply(&v.opts)
}

// VerifyFiles verifies certificate files and writes every verification to
// the workspace's access log (R12). A file that cannot be read is reported,
// not fatal. Files are verified on one goroutine per CPU, a few consecutive
// files at a time with one status look-up for them; the reports come back in
// the order of names, and are logged in that order while the rest are still
// being verified.
func (a *Agency) VerifyFiles(ctx context.Context, names []string, o VerifyOptions) ([]*Report, error) {
	v, err := a.verifier(o)
	if err != nil {
		return nil, err
	}
	reports := make([]*Report, len(names))
	finished := make(chan int, len(names))
	done := inOrder(reports, o.Each)
	workers := min(runtime.GOMAXPROCS(0), len(names))
	batch := verifyBatch(len(names), workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := int(next.Add(int64(batch)) - int64(batch)); lo < len(names); lo = int(next.Add(int64(batch)) - int64(batch)) {
				hi := min(lo+batch, len(names))
				v.files(ctx, names[lo:hi], reports[lo:hi])
				for i := lo; i < hi; i++ {
					done(i)
					finished <- i
				}
			}
		}()
	}
	err = a.logInOrder(ctx, reports, finished)
	wg.Wait()
	return reports, err
}

// verifyBatch is how many consecutive files a worker takes at once: up to
// 16, fewer when there are not four batches a worker to share out.
func verifyBatch(files, workers int) int {
	return max(1, min(16, files/(4*max(1, workers))))
}

// accessChunk is how many verifications one access-log transaction holds.
const accessChunk = 256

// logInOrder writes reports to the access log in order, a chunk at a time,
// as the indexes received on finished complete a run from the start; it
// returns once every report has been received, with the first error.
func (a *Agency) logInOrder(ctx context.Context, reports []*Report, finished <-chan int) error {
	done := make([]bool, len(reports))
	var logged, ready int
	var err error
	for range reports {
		done[<-finished] = true
		for ready < len(reports) && done[ready] {
			ready++
		}
		if err == nil && (ready-logged >= accessChunk || ready == len(reports)) {
			err = a.logAccess(ctx, reports[logged:ready])
			logged = ready
		}
	}
	return err
}

// inOrder returns what a worker calls when reports[i] is done: each is given
// every report whose predecessors are all done, in order, one call at a time.
func inOrder(reports []*Report, each func(*Report)) func(i int) {
	if each == nil {
		return func(int) {}
	}
	var mu sync.Mutex
	ready := make([]bool, len(reports))
	next := 0
	return func(i int) {
		mu.Lock()
		defer mu.Unlock()
		ready[i] = true
		for ; next < len(reports) && ready[next]; next++ {
			each(reports[next])
		}
	}
}

// VerifyQR verifies a QR payload and writes it to the access log.
func (a *Agency) VerifyQR(ctx context.Context, payload string, o VerifyOptions) (*Report, error) {
	v, err := a.verifier(o)
	if err != nil {
		return nil, err
	}
	r := verify.QR(ctx, payload, v.opts)
	return r, a.logAccess(ctx, []*Report{r})
}

// heldBytes bounds what files verifier.files holds while their status
// look-up waits: a batch of large files is finished in smaller parts.
const heldBytes = 8 << 20

// files verifies the files of names into reports, with one status look-up
// for as many of them as heldBytes lets it keep in memory.
func (v *verifier) files(ctx context.Context, names []string, reports []*Report) {
	var pending []*verify.Pending
	var at []int // the index of each pending file in names
	var bufs []*[]byte
	held := 0
	flush := func() {
		for j, r := range verify.Finish(ctx, pending) {
			reports[at[j]] = r
		}
		for _, b := range bufs {
			putBuffer(b)
		}
		clear(pending) // nothing keeps a reused buffer's old file
		clear(bufs)
		pending, at, bufs, held = pending[:0], at[:0], bufs[:0], 0
	}
	turn := false // whether this worker holds v.large
	takeTurn := func() {
		flush() // what it holds is reported before it waits
		v.large.Lock()
		turn = true
	}
	for i, name := range names {
		buf := fileBuffers.Get().(*[]byte)
		data, err := v.read(*buf, name, takeTurn)
		var big *input.TooLargeError
		switch {
		case errors.As(err, &big):
			putBuffer(buf)
			reports[i] = verify.TooLarge(name, big.Size, v.opts)
		case err != nil:
			putBuffer(buf)
			reports[i] = verify.Unreadable(name, v.opts.At, slowPipes(err, name))
		default:
			*buf = data // the pool keeps a buffer the file grew
			pending, at, bufs = append(pending, verify.Start(data, name, v.opts)), append(at, i), append(bufs, buf)
			held += len(data)
		}
		if turn || held > heldBytes {
			flush()
		}
		if turn {
			v.large.Unlock()
			turn = false
		}
	}
	flush() // the reports keep nothing of the files' data
}

// largeFile is the most a file verify reads may hold without the verifier's
// turn for large files (a certificate is ≈150 KB): the larger ones, up to
// verify.MaxFile, and every pipe (whose size is known only once it is read)
// are read and verified one at a time, so that what a run holds is bounded
// by one large file, whatever the number of workers (GOMAXPROCS).
const largeFile = 4 << 20

// read appends the file name to buf[:0] as verify reads a file: a regular
// file of at most verify.MaxFile bytes, whose size is checked before it is
// read, or a pipe (ezz verify <(curl …)); a directory or a device is refused
// unread (cannot check). A pipe, and a file over largeFile, are read only
// after takeTurn. The pipes share one bound, input.PipeWait of waiting in
// all, so that N silent FIFOs cost one wait, not N: a pipe read once it is
// spent is given pipeGrace, enough for one whose writer has already written
// it all, and is otherwise cannot check.
func (v *verifier) read(buf []byte, name string, takeTurn func()) ([]byte, error) {
	st, err := os.Stat(name)
	if err == nil && st.Mode()&os.ModeNamedPipe != 0 {
		takeTurn()
		start := time.Now()
		data, err := fileRule(max(v.pipes.take(), pipeGrace)).Append(buf, name)
		v.pipes.spend(time.Since(start))
		return data, err
	}
	// Without the turn, at most largeFile bytes and no pipe: input decides
	// on the open file, so a file swapped for a larger one or a pipe after
	// the Stat is still bounded (a pipe swapped in is refused, cannot check).
	data, err := input.Rule{Max: largeFile}.Append(buf, name)
	if big := (*input.TooLargeError)(nil); errors.As(err, &big) && verify.MaxFile > largeFile {
		takeTurn()
		return fileRule(pipeGrace).Append(buf, name)
	}
	return data, err
}

// fileRule is how verify reads a file, waiting up to wait on a pipe.
func fileRule(wait time.Duration) input.Rule { return input.Rule{Max: verify.MaxFile, Pipe: wait} }

// pipeBudget is the time a verification has left to wait on pipes.
type pipeBudget struct {
	mu   sync.Mutex
	left time.Duration
}

func (b *pipeBudget) take() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.left
}

func (b *pipeBudget) spend(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left -= d
}

// pipeGrace is the least time a pipe among verify's files is read for.
const pipeGrace = 20 * time.Millisecond

// slowPipes says, for a pipe that did not finish in time, that the bound is
// the whole run's: the pipe may have had less than input.PipeWait to itself.
func slowPipes(err error, name string) error {
	if !errors.Is(err, input.ErrSlowPipe) {
		return err
	}
	e := text.Errorf("%s：管道在 %s 内没有传完（本次核验的所有管道共用这一时限）",
		"%s: the pipe did not finish within %s (one bound for every pipe this verification reads)", name, input.PipeWait)
	e.Err = input.ErrSlowPipe
	return e.WithHint("请先把内容存成文件，再给出该文件", "save what the pipe carries to a file and name the file")
}

// putBuffer returns buf to fileBuffers, unless a rare huge file grew it.
func putBuffer(buf *[]byte) {
	if cap(*buf) <= 4<<20 {
		fileBuffers.Put(buf)
	}
}

// fileBuffers hold the files being verified, a batch of them per goroutine,
// so that a run over many files reuses a few buffers instead of allocating
// each file.
var fileBuffers = sync.Pool{New: func() any { return new([]byte) }}

// logAccess appends every verification to the workspace's access log.
func (a *Agency) logAccess(ctx context.Context, reports []*Report) error {
	if a.Ledger == nil {
		return nil
	}
	now := a.Now()
	entries := make([]ledger.Access, 0, len(reports))
	for _, r := range reports {
		subject := r.Identifier
		if subject == "" {
			subject = r.File
		}
		if subject == "" {
			subject = "QR code"
		}
		entries = append(entries, ledger.Access{At: now, Actor: a.Actor, Station: a.Station,
			Action: "verify", Subject: subject, Result: r.Verdict})
	}
	if err := a.Ledger.LogAccess(ctx, entries...); err != nil {
		return text.Wrap(err, "无法把核验记入访问日志", "record the verification in the access log")
	}
	return nil
}

// ReadQRImage reads the QR payload in a PNG or JPEG picture. A file that
// cannot be read is an environment error (exit 2); a picture without a
// readable code is a bad QR code (exit 1), the same for every command.
func ReadQRImage(path string) (string, error) {
	data, err := input.Pipe(qr.MaxImageBytes).Read(path)
	if err != nil {
		return "", err
	}
	s, err := qr.DecodeImage(bytes.NewReader(data))
	if err == nil {
		return s, nil
	}
	e := &text.Error{Msg: text.F("无法从图片 %s 中读出二维码：%v", "%s: %v", path, err), Err: err}
	if errors.Is(err, qr.ErrNoCode) || errors.Is(err, qr.ErrNotPlain) {
		e.Class, e.Err = text.Bad, fmt.Errorf("%w: %w", qr.ErrMalformed, err)
	}
	return "", e.WithHint("请完整、清晰、端正地拍摄二维码，或直接给出二维码的文字",
		"photograph the whole QR code, sharp and straight, or give its text")
}

// ReadQRPayload reads a QR payload from r (standard input), bounded.
func ReadQRPayload(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, qr.MaxPayload+1))
	if err != nil {
		return "", text.Wrap(err, "读取标准输入失败", "read standard input")
	}
	return strings.TrimSpace(string(data)), nil
}

// Verdicts, check results and check names of a Report (docs/verify.md).
const (
	Valid       = verify.Valid
	Invalid     = verify.Invalid
	CannotCheck = verify.CannotCheck

	Pass       = verify.Pass
	Fail       = verify.Fail
	NotChecked = verify.NotChecked
	Warn       = verify.Warn

	CheckPDFSignature = verify.CheckPDFSignature
	CheckSignerTrust  = verify.CheckSignerTrust
	CheckRecord       = verify.CheckRecord
	CheckQR           = verify.CheckQR
	CheckValidity     = verify.CheckValidity
	CheckStatus       = verify.CheckStatus

	// NoTrust is the reason of a signer-trust check that had no trust anchors.
	NoTrust = verify.NoTrust
)
