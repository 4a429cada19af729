package cli

import (
	"errors"
	"fmt"
	"io"

	"ezz/internal/agency"
	"ezz/internal/text"
)

// Exit codes, the same for every command.
const (
	ExitOK       = 0 // done; the thing checked is good
	ExitFindings = 1 // the thing checked is bad: lint findings, rejected rows, invalid certificate
	ExitUsage    = 2 // usage or environment error: bad flags, unreadable file, missing key
)

// exitStatus is returned by a command that already printed its report and
// only needs an exit code.
type exitStatus struct{ code int }

func (e exitStatus) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usagef is a usage error (exit 2) in both languages.
func usagef(zh, en string, args ...any) *text.Error { return text.Errorf(zh, en, args...) }

// exitCode is the one place an error becomes an exit code: a report's own
// status, else 1 for errors of class text.Bad (the thing checked is bad),
// else 2 (usage or environment).
func exitCode(err error) int {
	var s exitStatus
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &s):
		return s.code
	case text.ClassOf(err) == text.Bad:
		return ExitFindings
	}
	return ExitUsage
}

// errorJSON is the --json object of a failure (docs/json.md):
// {"error": {"message": {"zh", "en"}, "hint": {"zh", "en"}, "exit": N}}, with
// "problems": [{"item", "message": {"zh", "en"}}] when data failed its checks.
type errorJSON struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Message text.T  `json:"message"`
	Hint    *text.T `json:"hint,omitempty"`
	Exit    int     `json:"exit"`
	// Problems are why the data of a certificate cannot be issued.
	Problems []agency.Problem `json:"problems,omitempty"`
}

func newErrorJSON(err error) errorJSON {
	b := errorBody{Message: text.Of(err), Exit: exitCode(err)}
	if h := text.HintOf(err); !h.IsZero() {
		b.Hint = &h
	}
	if de := (*agency.DataError)(nil); errors.As(err, &de) {
		b.Problems = de.Problems
	}
	return errorJSON{Error: b}
}

// report prints err in ezz's one voice, in lang, on stderr — and, with
// asJSON, as an error object on stdout — and returns the exit code.
func report(stdout, stderr io.Writer, err error, lang string, asJSON bool) int {
	code := exitCode(err)
	if errors.As(err, new(exitStatus)) {
		return code
	}
	fmt.Fprintf(stderr, "ezz: error: %s\n", text.Of(err).In(lang))
	if h := text.HintOf(err).In(lang); h != "" {
		fmt.Fprintf(stderr, "ezz: hint: %s\n", h)
	}
	if asJSON {
		_ = writeJSON(stdout, newErrorJSON(err))
	}
	return code
}
