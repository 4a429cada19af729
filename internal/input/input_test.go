package input

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/input/inputtest"
	"ezz/internal/text"
)

// within runs read, failing the test when it has not returned in 5 s.
func within(t *testing.T, read func() ([]byte, error)) ([]byte, error) {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() { d, err := read(); done <- result{d, err} }()
	select {
	case r := <-done:
		return r.data, r.err
	case <-time.After(5 * time.Second):
		t.Fatal("the read blocked")
		return nil, nil
	}
}

func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.pem")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	heldFIFO := inputtest.FIFO(t, "in.pdf")
	inputtest.Hold(t, heldFIFO)
	tests := []struct {
		name, path string
		rule       Rule
	}{
		{"zero device", "/dev/zero", Rule{Max: 1 << 20}},
		{"null device, pipes allowed", "/dev/null", Rule{Max: 1 << 20, Pipe: time.Second}},
		{"random device", "/dev/urandom", Rule{Max: 1 << 20}},
		{"directory", dir, Rule{Max: 1 << 20, Pipe: time.Second}},
		{"symlink to a directory", link, Rule{Max: 1 << 20}},
		{"fifo without a writer", inputtest.FIFO(t, "in.pdf"), Rule{Max: 1 << 20}},
		{"fifo with a silent writer", heldFIFO, Rule{Max: 1 << 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Skip(err)
			}
			_, err := within(t, func() ([]byte, error) { return tt.rule.Read(tt.path) })
			if !errors.Is(err, ErrNotRegular) {
				t.Fatalf("got %v, want ErrNotRegular", err)
			}
			if msg := text.Of(err); !strings.Contains(msg.En, tt.path) || !strings.Contains(msg.Zh, tt.path) || text.HintOf(err).IsZero() {
				t.Errorf("%+v, hint %+v: want the file named in both languages and a hint", msg, text.HintOf(err))
			}
		})
	}
}

func TestOpenRefusesAPipe(t *testing.T) {
	p := inputtest.FIFO(t, "in.pdf")
	inputtest.Hold(t, p)
	_, err := within(t, func() ([]byte, error) { _, _, err := Open(p, 10); return nil, err })
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("got %v, want ErrNotRegular", err)
	}
}

func TestReadLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.ttf")
	if err := os.WriteFile(p, make([]byte, 1001), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(p, 1000)
	var tl *TooLargeError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &tl) || tl.Size != 1001 || tl.Max != 1000 || tl.Path != p {
		t.Fatalf("1001 bytes, limit 1000: got %v (%+v), want a TooLargeError of 1001 bytes", err, tl)
	}
	if data, err := Read(p, 1001); err != nil || len(data) != 1001 {
		t.Fatalf("1001 bytes, limit 1001: got %d bytes, %v", len(data), err)
	}
}

func TestMissingFileKeepsThePathError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing.pem")
	_, err := Read(p, 10)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(text.Of(err).Zh, p) {
		t.Fatalf("got %v (%+v), want the not-exist error naming the file", err, text.Of(err))
	}
}

// TestPipe: where a rule allows a pipe, what its writer sends is read; a
// writer that keeps it open without finishing is given up on after the
// rule's time, and one that sends too much is refused at the limit.
func TestPipe(t *testing.T) {
	rule := Rule{Max: 16, Pipe: 300 * time.Millisecond}
	t.Run("written and closed", func(t *testing.T) {
		p := inputtest.FIFO(t, "in.pdf")
		w, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		data, err := within(t, func() ([]byte, error) {
			go func() { fmt.Fprint(w, "secret\n"); time.Sleep(50 * time.Millisecond); w.Close() }()
			return rule.Read(p)
		})
		if err != nil || string(data) != "secret\n" {
			t.Fatalf("got %q, %v; want the writer's bytes", data, err)
		}
	})
	t.Run("silent writer", func(t *testing.T) {
		p := inputtest.FIFO(t, "in.pdf")
		inputtest.Hold(t, p)
		start := time.Now()
		_, err := within(t, func() ([]byte, error) { return rule.Read(p) })
		if !errors.Is(err, ErrSlowPipe) || !strings.Contains(text.Of(err).En, p) {
			t.Fatalf("got %v, want ErrSlowPipe naming the file", err)
		}
		if d := time.Since(start); d < rule.Pipe {
			t.Errorf("gave up after %s, before the rule's %s", d, rule.Pipe)
		}
	})
	t.Run("writer that never stops", func(t *testing.T) {
		p := inputtest.FIFO(t, "in.pdf")
		w, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Close() })
		if _, err := w.Write(bytes.Repeat([]byte("x"), 64)); err != nil {
			t.Fatal(err)
		}
		_, err = within(t, func() ([]byte, error) { return rule.Read(p) })
		var tl *TooLargeError
		if !errors.As(err, &tl) || tl.Max != 16 {
			t.Fatalf("got %v, want too large at 16 bytes", err)
		}
	})
	t.Run("no writer", func(t *testing.T) {
		data, err := within(t, func() ([]byte, error) { return rule.Read(inputtest.FIFO(t, "in.pdf")) })
		if err != nil || len(data) != 0 {
			t.Fatalf("got %q, %v; want it read as empty", data, err)
		}
	})
	t.Run("anonymous pipe by /proc/self/fd", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		name := fmt.Sprintf("/proc/self/fd/%d", r.Fd())
		if _, err := os.Stat(name); err != nil {
			t.Skip(err)
		}
		fmt.Fprint(w, "from a process substitution")
		w.Close()
		data, err := within(t, func() ([]byte, error) { return Rule{Max: 64, Pipe: time.Second}.Read(name) })
		if err != nil || string(data) != "from a process substitution" {
			t.Fatalf("got %q, %v", data, err)
		}
	})
}

// TestAppendReusesTheBuffer: a buffer with room is filled, not replaced.
func TestAppendReusesTheBuffer(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.7"), 0o600); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 3, 64)
	data, err := Rule{Max: 64}.Append(buf, p)
	if err != nil || string(data) != "%PDF-1.7" || &data[0] != &buf[:1][0] {
		t.Fatalf("got %q, %v; want the file in the given buffer", data, err)
	}
}
