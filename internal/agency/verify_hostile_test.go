package agency

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"ezz/internal/input"
	"ezz/internal/input/inputtest"
	"ezz/internal/verify"
)

// TestVerifyFilesFIFO: a FIFO among the files — with no writer, as a
// hostile upload folder can hold — is reported like any file that is not a
// certificate; it does not hang the run, and the files after it are verified.
func TestVerifyFilesFIFO(t *testing.T) {
	a := pilotAgency(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "upload.pdf")
	if err := inputtest.Mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	plain := filepath.Join(dir, "plain.pdf")
	if err := os.WriteFile(plain, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	names := []string{plain, fifo, plain, dir}
	type result struct {
		reports []*Report
		err     error
	}
	done := make(chan result, 1)
	go func() {
		reports, err := a.VerifyFiles(context.Background(), names, VerifyOptions{})
		done <- result{reports, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		for i, rep := range r.reports {
			if rep == nil || rep.Valid || rep.File != names[i] {
				t.Errorf("report %d: %+v, want %s not valid", i, rep, names[i])
			}
		}
	case <-time.After(10 * time.Second):
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close() // let the blocked open return
		}
		t.Fatal("ezz verify hangs on a FIFO among its files")
	}
}

// TestVerifyInputsFIFO: the other files verify reads by name — a QR code's
// picture, a status list, the signed record of ezz qr verify --record — are refused or read as empty when they are a
// FIFO with no writer, never waited on for ever.
func TestVerifyInputsFIFO(t *testing.T) {
	fifo := inputtest.FIFO(t, "input")
	tests := []struct {
		name string
		read func() error
	}{
		{"qr image", func() error { _, err := ReadQRImage(fifo); return err }},
		{"status list", func() error { return StatusFrom{List: fifo}.apply(&verify.Options{}) }},
		{"signed record", func() error { return bindRecord(Claims{}, fifo, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { done <- tt.read() }()
			select {
			case err := <-done:
				if err == nil {
					t.Error("a FIFO was read as a valid input")
				}
			case <-time.After(10 * time.Second):
				if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
				t.Fatalf("reading the %s hangs on a FIFO", tt.name)
			}
		})
	}
}

// TestVerifyFilesHuge: a file larger than verify.MaxFile (here a sparse
// 1 GiB one) is invalid as too large, with its own size, and is not read:
// among a thousand files, each would cost reading 64 MiB.
func TestVerifyFilesHuge(t *testing.T) {
	a := pilotAgency(t)
	huge := filepath.Join(t.TempDir(), "huge.pdf")
	const size = 1 << 30
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, size); err != nil {
		t.Fatal(err)
	}
	reports, err := a.VerifyFiles(context.Background(), []string{huge, huge}, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		c := r.Check(CheckPDFSignature)
		if r.Verdict != Invalid || c.Result != Fail || !strings.Contains(c.Reason.En, "1073741824 bytes") {
			t.Errorf("%s: %s, pdf-signature %s %q; want invalid, too large at its own size", r.File, r.Verdict, c.Result, c.Reason.En)
		}
	}
}

// pilotAgency opens a new pilot workspace, without keys, at a fixed time.
func pilotAgency(tb testing.TB) *Agency {
	tb.Helper()
	now := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	home := filepath.Join(tb.TempDir(), "home")
	if err := InitWorkspace(home, PilotConfig(), now); err != nil {
		tb.Fatal(err)
	}
	a, err := Open(Options{Home: home, Now: func() time.Time { return now }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	return a
}

// TestVerifyFilesDevice: a device that never ends (/dev/zero) is refused
// unread, as a directory is: verify cannot check what is not a file, and says
// what it is.
func TestVerifyFilesDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	a := pilotAgency(t)
	dir := t.TempDir()
	reports, err := a.VerifyFiles(context.Background(), []string{"/dev/zero", dir}, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"/dev/zero is not a regular file (character device)", dir + " is not a regular file (directory)"} {
		c := reports[i].Check(CheckPDFSignature)
		if reports[i].Verdict != CannotCheck || c.Result != NotChecked || !strings.Contains(c.Reason.En, want) || !strings.Contains(c.Reason.Zh, "不是普通文件") {
			t.Errorf("%s: %s, pdf-signature %s %+v; want cannot check, %q in both languages", reports[i].File, reports[i].Verdict, c.Result, c.Reason, want)
		}
	}
}

// TestVerifyFilesSilentPipe: a FIFO whose writer keeps it open and never
// writes is given up on after input.PipeWait — the run goes on to the next
// file — while a pipe that carries a file is verified like the file
// (ezz verify <(curl …)).
func TestVerifyFilesSilentPipe(t *testing.T) {
	defer func(d time.Duration) { input.PipeWait = d }(input.PipeWait)
	input.PipeWait = 300 * time.Millisecond
	a := pilotAgency(t)
	dir := t.TempDir()
	silent, sent := filepath.Join(dir, "silent.pdf"), filepath.Join(dir, "sent.pdf")
	for _, p := range []string{silent, sent} {
		if err := inputtest.Mkfifo(p); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	held, err := os.OpenFile(silent, os.O_RDWR, 0) // a writer that never writes
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	w, err := os.OpenFile(sent, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString("%PDF-1.7 not a certificate"); time.Sleep(50 * time.Millisecond); w.Close() }()
	done := make(chan []*Report, 1)
	go func() {
		reports, err := a.VerifyFiles(context.Background(), []string{silent, sent}, VerifyOptions{})
		if err != nil {
			t.Error(err)
		}
		done <- reports
	}()
	var reports []*Report
	select {
	case reports = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ezz verify hangs on a FIFO whose writer is silent")
	}
	if c := reports[0].Check(CheckPDFSignature); reports[0].Verdict != CannotCheck || !strings.Contains(c.Reason.En, "the pipe did not finish within 300ms") {
		t.Errorf("silent pipe: %s %+v; want cannot check, the pipe too slow", reports[0].Verdict, c.Reason)
	}
	if c := reports[1].Check(CheckPDFSignature); reports[1].Verdict != Invalid || c.Result != Fail {
		t.Errorf("pipe that carries a file: %s, pdf-signature %s %+v; want it read and found invalid", reports[1].Verdict, c.Result, c.Reason)
	}
}

// TestVerifyFilesSilentPipes: many FIFOs whose writers never write share one
// bound, input.PipeWait of waiting in all, not one each; a pipe whose writer
// has written it all is still read once the bound is spent.
func TestVerifyFilesSilentPipes(t *testing.T) {
	defer func(d time.Duration) { input.PipeWait = d }(input.PipeWait)
	input.PipeWait = time.Second
	a := pilotAgency(t)
	dir := t.TempDir()
	const silent = 16
	var names []string
	for i := range silent {
		p := filepath.Join(dir, fmt.Sprintf("silent%02d.pdf", i))
		if err := inputtest.Mkfifo(p); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		held, err := os.OpenFile(p, os.O_RDWR, 0) // a writer that never writes
		if err != nil {
			t.Fatal(err)
		}
		defer held.Close()
		names = append(names, p)
	}
	sent := filepath.Join(dir, "sent.pdf")
	if err := inputtest.Mkfifo(sent); err != nil {
		t.Fatal(err)
	}
	keep, err := os.OpenFile(sent, os.O_RDONLY|syscall.O_NONBLOCK, 0) // keeps what is written
	if err != nil {
		t.Fatal(err)
	}
	defer keep.Close()
	w, err := os.OpenFile(sent, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteString("%PDF-1.7 not a certificate"); err != nil || w.Close() != nil {
		t.Fatal(err)
	}
	names = append(names, sent)
	type result struct {
		reports []*Report
		err     error
	}
	done := make(chan result, 1)
	go func() {
		reports, err := a.VerifyFiles(context.Background(), names, VerifyOptions{})
		done <- result{reports, err}
	}()
	var reports []*Report
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		reports = r.reports
	case <-time.After(6 * time.Second): // one bound each would take 16 s on one core, 8 s on two
		t.Fatalf("%d silent FIFOs: verify waits on each in turn", silent)
	}
	for _, r := range reports[:silent] {
		if c := r.Check(CheckPDFSignature); r.Verdict != CannotCheck || !strings.Contains(c.Reason.En, "one bound for every pipe") {
			t.Errorf("%s: %s %+v; want cannot check, the run's pipes too slow", r.File, r.Verdict, c.Reason)
		}
	}
	if r := reports[silent]; r.Verdict != Invalid {
		t.Errorf("a pipe written whole, read after the bound: %s %+v; want it read and found invalid", r.Verdict, r.Checks)
	}
}

// TestVerifyFilesLargeOneAtATime: what verify holds in memory is bounded by
// one large file, not by one per worker: pipes that stream without end and
// regular files of up to verify.MaxFile, as many as there are workers, are
// read one at a time (before, eight workers held ≈ 8 × 64 MiB at once), and
// a certificate among them is still found valid.
func TestVerifyFilesLargeOneAtATime(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	a, pdf := issuedPDF(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.pdf")
	if err := os.WriteFile(good, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	names := []string{good}
	for i := range 4 {
		p := filepath.Join(dir, fmt.Sprintf("large%d.pdf", i)) // sparse: read as zeros, no disk
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(verify.MaxFile - 1<<20); err != nil || f.Close() != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	for i := range 4 {
		p := filepath.Join(dir, fmt.Sprintf("endless%d.pdf", i))
		if err := inputtest.Mkfifo(p); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		w, err := os.OpenFile(p, os.O_RDWR, 0) // a writer that never stops
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close() // ends the write it is blocked in
		go func() {
			zeros := make([]byte, 1<<20)
			for {
				if _, err := w.Write(zeros); err != nil {
					return
				}
			}
		}()
		names = append(names, p)
	}
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	reports, err := a.VerifyFiles(context.Background(), names, VerifyOptions{})
	close(stop)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	if !reports[0].Valid {
		t.Errorf("the certificate among large files: %s, want valid", reports[0].Verdict)
	}
	for _, r := range reports[1:] {
		if r.Valid {
			t.Errorf("%s: valid", r.File)
		}
	}
	grew := peak.Load() - min(base, peak.Load())
	t.Logf("the live heap grew by %d MiB at most (8 workers, %d files of up to %d MiB)", grew>>20, len(names)-1, verify.MaxFile>>20)
	if grew > 4*verify.MaxFile {
		t.Errorf("verify held %d MiB at once with 8 workers; want at most %d (one large file at a time)", grew>>20, 4*verify.MaxFile>>20)
	}
}
