package cli

import (
	"fmt"

	"ezz/internal/agency"
	"ezz/internal/text"
)

// The helpers below keep the commands that are not behind the agency layer
// yet (audit) compiling: each turns the old way of marking an error into a
// text.Error. New code returns text.Error (text.Errorf, text.Badf) from
// internal/agency and uses none of them; they go when audit moves there.

func usageError(err error) error {
	e := agency.Explain(err)
	return &text.Error{Msg: e.Msg, Hint: e.Hint, Err: err}
}

// Localized gives err the Chinese text zh.
func Localized(err error, zh string) error {
	e := agency.Explain(err)
	return &text.Error{Msg: text.New(zh, err.Error()), Hint: e.Hint, Class: e.Class, Err: err}
}

// Localizedf is Localized with the Chinese formatted.
func Localizedf(err error, format string, args ...any) error {
	return Localized(err, fmt.Sprintf(format, args...))
}

// HintedZh gives err a hint in English and Chinese.
func HintedZh(err error, hint, zh string) error {
	e := agency.Explain(err)
	return &text.Error{Msg: e.Msg, Hint: text.New(zh, hint), Class: e.Class, Err: err}
}

func writeFileAtomic(path string, data []byte) error { return agency.WriteFileAtomic(path, data) }
