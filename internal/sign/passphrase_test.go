package sign

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/env"
	"ezz/internal/input"
	"ezz/internal/input/inputtest"
)

func TestReadPassphrase(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, env, want, wantErr string
	}{
		{name: "file with newline", file: file("nl", "secret pass\n"), env: "from env", want: "secret pass"},
		{name: "file with CRLF", file: file("crlf", "secret pass\r\n"), want: "secret pass"},
		{name: "file keeps inner spaces", file: file("sp", " a b \n\n"), want: " a b \n"},
		{name: "empty file", file: file("empty", "\n"), wantErr: "is empty"},
		{name: "huge file", file: file("huge", strings.Repeat("x", 5000)), wantErr: "over the limit of 4096 bytes"},
		{name: "missing file", file: filepath.Join(dir, "nope"), wantErr: "read the passphrase file"},
		{name: "directory", file: dir, wantErr: "is not a regular file (directory)"},
		{name: "device", file: "/dev/zero", wantErr: "is not a regular file (character device)"},
		{name: "env", env: "from env", want: "from env"},
		{name: "nothing, no terminal", wantErr: "no passphrase given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(env.KeyPassphrase.Name, tt.env)
			got, err := ReadPassphrase(PassphraseSource{File: tt.file, Env: env.KeyPassphrase, In: strings.NewReader("typed\n")})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("got %q, %v; want an error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	t.Setenv(env.KeyPassphrase.Name, "")
	if _, err := ReadPassphrase(PassphraseSource{Env: env.KeyPassphrase}); !errors.Is(err, ErrNoPassphrase) {
		t.Errorf("empty variable: got %v, want ErrNoPassphrase", err)
	}
}

func TestEnvRegistry(t *testing.T) {
	names := map[string]bool{}
	for _, v := range env.All() {
		if !strings.HasPrefix(v.Name, "EZZ_") || v.Usage == "" || names[v.Name] {
			t.Errorf("registry entry %+v: want a unique EZZ_ name with a usage line", v)
		}
		names[v.Name] = true
	}
	for _, n := range []string{"EZZ_HOME", "EZZ_KEY_PASSPHRASE", "EZZ_SOURCE_PASSPHRASE"} {
		if !names[n] {
			t.Errorf("%s is not registered", n)
		}
	}
}

// TestPassphraseFromPipe: --passphrase-file <(pass show …) is read; a pipe
// whose writer never finishes is given up on after input.PipeWait instead of
// hanging the run, and names the file.
func TestPassphraseFromPipe(t *testing.T) {
	defer func(d time.Duration) { input.PipeWait = d }(input.PipeWait)
	input.PipeWait = 300 * time.Millisecond
	fifo := filepath.Join(t.TempDir(), "pass")
	if err := inputtest.Mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	w, err := os.OpenFile(fifo, os.O_RDWR, 0) // a writer, open before ezz reads
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	read := func() ([]byte, error) {
		done := make(chan []byte, 1)
		var err error
		go func() { p, e := ReadPassphrase(PassphraseSource{File: fifo}); err = e; done <- p }()
		select {
		case p := <-done:
			return p, err
		case <-time.After(5 * time.Second):
			t.Fatal("ReadPassphrase hangs on a FIFO")
			return nil, nil
		}
	}
	if _, err := read(); !errors.Is(err, input.ErrSlowPipe) || !strings.Contains(err.Error(), fifo) {
		t.Errorf("silent writer: got %v, want ErrSlowPipe naming %s", err, fifo)
	}
	go func() { w.WriteString("piped pass\n"); time.Sleep(50 * time.Millisecond); w.Close() }()
	if p, err := read(); err != nil || string(p) != "piped pass" {
		t.Errorf("writer: got %q, %v; want the piped passphrase", p, err)
	}
}
