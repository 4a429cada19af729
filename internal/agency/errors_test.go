package agency

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"ezz/internal/catalogue"
	"ezz/internal/conversion"
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
	errs := []error{
		keysError(fmt.Errorf("%w in /k", sign.ErrNoKeys)),
		keysError(fmt.Errorf("%w in /k", sign.ErrKeysExist)),
		keysError(fmt.Errorf("unlock k: %w", sign.ErrWrongPassphrase)),
		keysError(fmt.Errorf("import a: %w", sign.ErrSourcePassphrase)),
		keysError(fmt.Errorf("%w %q", sign.ErrKeyMismatch, "CN=x")),
		keysError(fmt.Errorf("issuing certificate: %w", expired)),
		passphraseError(fmt.Errorf("%w: use a file", sign.ErrNoPassphrase), "EZZ_KEY_PASSPHRASE"),
		lintErrors("t.yaml", slices.Repeat([]catalogue.Finding{{File: "t.yaml", Rule: "r", Message: text.New("坏", "bad")}}, 6)),
		convertError(&Summary{}, &conversion.StepError{Step: `read register "r.xlsx"`, StepZh: `读取登记表 "r.xlsx" 失败`, Err: pathErr}),
		convertError(&Summary{}, &conversion.StepError{Step: "record in the ledger", StepZh: "写入台账失败", Err: errors.New("disk full")}),
		mapFileError(fmt.Errorf("read map file: %w", pathErr)),
	}
	for _, err := range errs {
		e := Explain(err)
		if !hasHan(e.Msg.Zh) || e.Msg.Zh == e.Msg.En {
			t.Errorf("%q: got Chinese %q, want Chinese characters", err.Error(), e.Msg.Zh)
		}
		if hasHan(e.Msg.En) || e.Msg.En != err.Error() {
			t.Errorf("English text %q: want %q without Chinese characters", e.Msg.En, err.Error())
		}
	}
}
