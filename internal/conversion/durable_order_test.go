package conversion_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"ezz/internal/register/regtest"
	"ezz/internal/testenv"
)

// TestDurableOrder runs a conversion with PDFs under strace and checks the
// power-cut rule on the system calls it made, for every certificate the
// ledger recorded: its staged file was fsynced, and then its directory,
// before the SQLite commit that recorded it (the fsync of the ledger's WAL
// after the first WAL write that holds its identifier); its header was
// restored only after that commit; the file was fsynced after the header
// was restored and before the rename (a power cut never leaves a staged
// header under the final name), and its directory after the rename.
func TestDurableOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: converts 120 rows with PDFs under strace")
	}
	strace, err := exec.LookPath("strace")
	if err != nil {
		testenv.Missing(t, "strace is not installed (scripts/install-deps.sh installs it)")
	}
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	reg := filepath.Join(dir, "register.xlsx")
	if err := regtest.Synthetic(reg, 120); err != nil {
		t.Fatal(err)
	}
	newEnv(t, home, true).led.Close()
	trace := filepath.Join(dir, "trace")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, strace, "-f", "-y", "-s", "1000000", "-o", trace,
		"-e", "trace=openat,fsync,fdatasync,rename,renameat,renameat2,pwrite64,write",
		os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+home+"|"+reg)
	if out, err := cmd.CombinedOutput(); err != nil {
		if strings.Contains(string(out), "ptrace") || strings.Contains(string(out), "Operation not permitted") {
			testenv.Missing(t, "strace cannot trace here: %s", out)
		}
		t.Fatalf("traced conversion: %v\n%s", err, out)
	}
	calls := readTrace(t, trace)
	e := newEnv(t, home, true)
	listed := ledgerPDFs(t, e)
	if len(listed) < 100 {
		t.Fatalf("%d certificates recorded, want at least 100", len(listed))
	}
	for final, id := range listed {
		if why := calls.check(final, id); why != "" {
			t.Errorf("%s: %s", filepath.Base(final), why)
		}
	}
}

// call is one system call of the trace: the line it began on and the line
// it returned on (the same unless another thread's calls came between).
type call struct {
	name, args string // args as strace printed them, fds with their paths (-y)
	begin, end int
}

// traced is the calls of one trace, in the order they began.
type traced []*call

var (
	lineRe    = regexp.MustCompile(`^(\d+)\s+(.*)$`)
	callRe    = regexp.MustCompile(`^(\w+)\((.*)$`)
	resumedRe = regexp.MustCompile(`^<\.\.\. (\w+) resumed>`)
)

// readTrace parses an strace -f -o file: a call interrupted by another
// thread is "NAME(args <unfinished ...>" and later "<... NAME resumed>".
func readTrace(t *testing.T, path string) traced {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls traced
	pending := map[string]*call{} // by pid
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for n := 0; sc.Scan(); n++ {
		m := lineRe.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		pid, rest := m[1], m[2]
		if r := resumedRe.FindStringSubmatch(rest); r != nil {
			if c := pending[pid]; c != nil && c.name == r[1] {
				c.end = n
				delete(pending, pid)
			}
			continue
		}
		cm := callRe.FindStringSubmatch(rest)
		if cm == nil {
			continue
		}
		c := &call{name: cm[1], args: cm[2], begin: n, end: n}
		if strings.HasSuffix(rest, "<unfinished ...>") {
			c.end = -1
			pending[pid] = c
		}
		calls = append(calls, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return calls
}

// fd reports whether c's first argument is a file descriptor on path.
func (c *call) fd(path string) bool {
	return strings.HasPrefix(strings.TrimLeft(c.args, "0123456789"), "<"+path+">")
}

// wal reports whether c's first argument is the ledger's write-ahead log.
func (c *call) wal() bool {
	a := strings.TrimLeft(c.args, "0123456789")
	end := strings.Index(a, ">")
	return strings.HasPrefix(a, "<") && end > 0 && strings.HasSuffix(a[:end], "-wal")
}

func isSync(c *call) bool { return c.name == "fsync" || c.name == "fdatasync" }

// first is the first call from line on that matches, or nil.
func (tr traced) first(from int, match func(*call) bool) *call {
	for _, c := range tr {
		if c.begin >= from && match(c) {
			return c
		}
	}
	return nil
}

// check explains how the calls for the certificate id, recorded with the
// PDF final, break the power-cut rule, or returns "".
func (tr traced) check(final, id string) string {
	dir := filepath.Dir(final)
	rename := tr.first(0, func(c *call) bool {
		return strings.HasPrefix(c.name, "rename") && strings.Contains(c.args, `"`+final+`"`)
	})
	if rename == nil {
		return "no rename to the final name"
	}
	tmp := regexp.MustCompile(`"([^"]*\.tmp)"`).FindStringSubmatch(rename.args)
	if tmp == nil {
		return "renamed from no staged name: " + rename.args
	}
	staged := tmp[1]
	created := tr.first(0, func(c *call) bool { return c.name == "openat" && strings.Contains(c.args, `"`+staged+`"`) })
	if created == nil {
		return "its staged file " + staged + " was never created"
	}
	synced := tr.first(created.begin, func(c *call) bool { return isSync(c) && c.fd(staged) })
	if synced == nil || synced.end < 0 || synced.begin > rename.begin {
		return "its staged file was not fsynced before the rename"
	}
	dirSynced := tr.first(synced.end, func(c *call) bool { return isSync(c) && c.fd(dir) })
	if dirSynced == nil || dirSynced.end < 0 {
		return "its directory was not fsynced after its staged file"
	}
	walWrite := tr.first(0, func(c *call) bool {
		return c.name == "pwrite64" && c.wal() && strings.Contains(c.args, id)
	})
	if walWrite == nil {
		return "no write of the ledger's WAL holds its identifier " + id
	}
	commit := tr.first(walWrite.begin, func(c *call) bool { return isSync(c) && c.wal() })
	if commit == nil || commit.end < 0 {
		return "the WAL was not fsynced after the write that recorded it"
	}
	switch {
	case synced.end > commit.begin:
		return "its staged file was fsynced only after the ledger's commit that recorded it began"
	case dirSynced.end > commit.begin:
		return "its directory was fsynced only after the ledger's commit that recorded it began"
	}
	header := tr.first(commit.end, func(c *call) bool {
		return c.name == "pwrite64" && (c.fd(staged) || c.fd(final)) && strings.Contains(c.args, `"%PDF-"`)
	})
	if header == nil {
		return "its header was not restored after the ledger's commit"
	}
	if early := tr.first(0, func(c *call) bool {
		return c.name == "pwrite64" && c.fd(staged) && strings.Contains(c.args, `"%PDF-"`)
	}); early != nil && early.begin < commit.end {
		return "its header was restored before the ledger's commit was durable"
	}
	fileSynced := tr.first(header.end, func(c *call) bool { return isSync(c) && (c.fd(final) || c.fd(staged)) })
	if fileSynced == nil || fileSynced.end < 0 || fileSynced.end > rename.begin {
		return "the file was not fsynced after its header was restored and before its rename"
	}
	if d := tr.first(max(rename.end, fileSynced.begin), func(c *call) bool { return isSync(c) && c.fd(dir) }); d == nil || d.end < 0 {
		return "its directory was not fsynced after the rename"
	}
	return ""
}
