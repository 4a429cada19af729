package sign

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"ezz/internal/env"
	"ezz/internal/input"
	"ezz/internal/text"
)

// ErrNoPassphrase is returned when no passphrase source is available.
var ErrNoPassphrase = errors.New("no passphrase given")

// PassphraseSource says where ReadPassphrase looks, in order: File, then the
// environment variable Env (empty counts as unset), then a prompt when In is
// a terminal. Passphrases are never taken from a flag value.
type PassphraseSource struct {
	File    string    // --passphrase-file; its content less one final newline
	Env     env.Var   // e.g. env.KeyPassphrase
	Prompt  string    // e.g. "passphrase for the issuing key: "
	Confirm bool      // ask twice (a new passphrase)
	In      io.Reader // a terminal *os.File to prompt on
	Out     io.Writer // where the prompt goes (stderr)
}

// ReadPassphrase returns the passphrase from the first available source.
func ReadPassphrase(s PassphraseSource) ([]byte, error) {
	if s.File != "" {
		return readPassFile(s.File)
	}
	if v := s.Env.Get(); v != "" && s.Env.Name != "" {
		return []byte(v), nil
	}
	f, ok := s.In.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, fmt.Errorf("%w: use --passphrase-file FILE or set %s, or run on a terminal", ErrNoPassphrase, s.Env.Name)
	}
	pass, err := prompt(f, s.Out, s.Prompt)
	if err != nil || !s.Confirm {
		return pass, err
	}
	again, err := prompt(f, s.Out, "again: ")
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(pass, again) {
		return nil, errors.New("the passphrases do not match")
	}
	return pass, nil
}

func prompt(f *os.File, out io.Writer, text string) ([]byte, error) {
	fmt.Fprint(out, text)
	pass, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return nil, fmt.Errorf("read passphrase: %w", err)
	}
	if len(pass) == 0 {
		return nil, errors.New("empty passphrase")
	}
	return pass, nil
}

// maxPassphraseFile bounds a passphrase file.
const maxPassphraseFile = 4096

func readPassFile(path string) ([]byte, error) {
	// A pipe too: --passphrase-file <(pass show …) keeps the secret off the disk.
	data, err := input.Pipe(maxPassphraseFile).Read(path)
	if err != nil {
		return nil, text.Wrap(err, "读取口令文件", "read the passphrase file")
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	data = bytes.TrimSuffix(data, []byte("\r"))
	if len(data) == 0 {
		return nil, fmt.Errorf("passphrase file %s is empty", path)
	}
	return data, nil
}
