package agency

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"ezz/internal/catalogue"
	"ezz/internal/register"
	"ezz/internal/sign"
	"ezz/internal/text"
)

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// TestErrorsChinese checks that the errors the agency gives Chinese texts
// have them, with Chinese characters, and keep their English text.
func TestErrorsChinese(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	expired := &sign.ValidityError{Subject: "CN=x", NotAfter: now.AddDate(-1, 0, 0), At: now}
	pathErr := &fs.PathError{Op: "open", Path: "r.xlsx", Err: fs.ErrNotExist}
	_, mapErr := register.LoadMapFile(filepath.Join(t.TempDir(), "nomap.yaml"))
	errs := []error{
		keysError(fmt.Errorf("%w in /k", sign.ErrNoKeys)),
		keysError(fmt.Errorf("%w in /k", sign.ErrKeysExist)),
		keysError(fmt.Errorf("unlock k: %w", sign.ErrWrongPassphrase)),
		keysError(fmt.Errorf("import a: %w", sign.ErrSourcePassphrase)),
		keysError(fmt.Errorf("%w %q", sign.ErrKeyMismatch, "CN=x")),
		keysError(fmt.Errorf("issuing certificate: %w", expired)),
		passphraseError(fmt.Errorf("%w: use a file", sign.ErrNoPassphrase), "EZZ_KEY_PASSPHRASE"),
		lintErrors("t.yaml", slices.Repeat([]catalogue.Finding{{File: "t.yaml", Rule: "r", Message: text.New("坏", "bad")}}, 6)),
		convertError(&Summary{}, pathErr),
		mapErr,
		WriteFileAtomic(filepath.Join(t.TempDir(), "no", "such"), nil),
	}
	for _, err := range errs {
		m := text.Of(err)
		if !hasHan(m.Zh) || m.Zh == m.En || strings.Contains(m.Zh+m.En, "%!") {
			t.Errorf("%q: got Chinese %q, want Chinese characters", err.Error(), m.Zh)
		}
		if hasHan(m.En) || m.En != err.Error() {
			t.Errorf("English text %q: want %q without Chinese characters", m.En, err.Error())
		}
	}
}
