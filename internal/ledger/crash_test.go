package ledger

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// The child process: when EZZ_LEDGER_CHILD names a ledger file, TestHelperIssuer
// issues certificates into it the way a converter does (read the counter,
// number the rows, commit groups in order) and prints "committed N" after each
// commit. The parent tests kill it or wait for it.
const childEnv = "EZZ_LEDGER_CHILD"

func TestHelperIssuer(t *testing.T) {
	path := os.Getenv(childEnv)
	if path == "" {
		t.Skip("helper process for the crash and concurrency tests")
	}
	count, _ := strconv.Atoi(os.Getenv("EZZ_CHILD_COUNT"))
	group, _ := strconv.Atoi(os.Getenv("EZZ_CHILD_GROUP"))
	if err := runIssuer(path, os.Getenv("EZZ_CHILD_STATION"), count, group, os.Getenv("EZZ_CHILD_BATCH") != ""); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// runIssuer issues count certificates (forever when count is 0) in groups. With
// batch, rows R1, R2, … of one register are issued and a re-run resumes it.
func runIssuer(path, station string, count, group int, batch bool) error {
	ctx := context.Background()
	l, err := Open(path)
	if err != nil {
		return err
	}
	defer l.Close()
	var b Batch
	done := map[string]Row{}
	if batch {
		b, _, err = l.OpenBatch(ctx, Batch{Station: station, Register: "r.xlsx", RegisterSM3: "aa", TemplateHash: "bb"}, "clerk", t0)
		if err != nil {
			return err
		}
		if done, err = l.BatchRows(ctx, b.ID); err != nil {
			return err
		}
	}
	row, issued := 0, 0
	for count == 0 || issued < count {
		next, err := l.NextSerial(ctx, station)
		if err != nil {
			return err
		}
		var is []Issuance
		for len(is) < group && (count == 0 || issued+len(is) < count) {
			row++
			key := fmt.Sprintf("R%d", row)
			if _, ok := done[key]; ok {
				continue
			}
			i := issuance(station, next+uint64(len(is)), "")
			i.Record = bytes.Repeat([]byte("r"), 2048)
			if batch {
				i.BatchID, i.RowKey, i.Number = b.ID, key, "ROW-"+key
			}
			is = append(is, i)
		}
		err = l.IssueBatch(ctx, is)
		if errors.Is(err, ErrSerialConflict) && !batch {
			row -= len(is) // another process on the station took the serials: number again
			continue
		}
		if err != nil {
			return err
		}
		issued += len(is)
		fmt.Printf("committed %d\n", issued)
	}
	return nil
}

func child(t *testing.T, path, station string, count, group int, batch bool) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIssuer$")
	cmd.Env = append(os.Environ(), childEnv+"="+path, "EZZ_CHILD_STATION="+station,
		fmt.Sprintf("EZZ_CHILD_COUNT=%d", count), fmt.Sprintf("EZZ_CHILD_GROUP=%d", group))
	if batch {
		cmd.Env = append(cmd.Env, "EZZ_CHILD_BATCH=1")
	}
	return cmd
}

// killAfter runs the child until it reports at least n committed rows, then
// kills it with SIGKILL and returns the last count it reported.
func killAfter(t *testing.T, cmd *exec.Cmd, n int) int {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	last := 0
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
			last, _ = strconv.Atoi(v)
		} else {
			t.Errorf("child: %s", sc.Text())
		}
		if last >= n {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	return last
}

func TestCrashConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	path := filepath.Join(t.TempDir(), "ledger.db")
	total := 0
	for round, n := range []int{150, 300, 450} {
		seen := killAfter(t, child(t, path, "S01", 0, 7, true), n)
		got := checkConsistent(t, path)["S01"]
		if got < seen || got < total {
			t.Fatalf("round %d: %d certificates committed, but the child reported %d and earlier rounds %d", round, got, seen, total)
		}
		total = got
	}
	// A run to the end after the kills: the register's rows are each issued once.
	cmd := child(t, path, "S01", 50, 7, true)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("final run: %v\n%s", err, out)
	}
	if got := checkConsistent(t, path)["S01"]; got != total+50 {
		t.Errorf("after the final run: got %d certificates, want %d", got, total+50)
	}
	checkRows(t, path, total+50)
}

// checkRows checks that the batch's rows R1…Rn are each issued, and no others.
func checkRows(t *testing.T, path string, n int) {
	t.Helper()
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rows, err := l.BatchRows(context.Background(), "S01-20260302-001")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Errorf("batch rows: got %d, want %d", len(rows), n)
	}
	for i := 1; i <= n; i++ {
		if r := rows[fmt.Sprintf("R%d", i)]; r.Identifier == "" {
			t.Errorf("row R%d: not issued", i)
		}
	}
}

func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	tests := []struct {
		name     string
		stations [2]string
	}{
		{"two stations", [2]string{"S01", "S02"}},
		{"one station twice", [2]string{"S01", "S01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			var cmds [2]*exec.Cmd
			var outs [2]bytes.Buffer
			for i, st := range tt.stations {
				cmds[i] = child(t, path, st, 400, 10, false)
				cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
				if err := cmds[i].Start(); err != nil {
					t.Fatal(err)
				}
			}
			for i := range cmds {
				if err := cmds[i].Wait(); err != nil {
					t.Fatalf("process %d: %v\n%s", i, err, tail(outs[i].String()))
				}
			}
			got := checkConsistent(t, path)
			want := map[string]int{}
			for _, st := range tt.stations {
				want[st] += 400
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("certificates per station: got %v, want %v", got, want)
			}
		})
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}
