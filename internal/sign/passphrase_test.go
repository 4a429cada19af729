package sign

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/env"
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
		{name: "huge file", file: file("huge", strings.Repeat("x", 5000)), wantErr: "longer than 4096"},
		{name: "missing file", file: filepath.Join(dir, "nope"), wantErr: "read passphrase file"},
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
