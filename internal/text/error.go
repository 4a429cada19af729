package text

import "errors"

// Class says what an error means for the exit code: the checked thing is bad
// (1), or the command could not do its work (2).
type Class int

const (
	// Environment is a usage or environment error: bad flags, an unreadable
	// file, a missing key (exit 2). It is the class of any error without one.
	Environment Class = iota
	// Bad means the thing checked is bad: an invalid certificate, lint
	// findings, rejected rows, an overdue push (exit 1).
	Bad
)

// Error is an error with a bilingual message, an optional bilingual hint
// telling the user what to do next, a class and an optional cause.
type Error struct {
	Msg   T
	Hint  T
	Class Class
	Err   error // the cause, or nil
}

// Errorf returns an Environment error with the message formatted as F does.
func Errorf(zh, en string, args ...any) *Error { return &Error{Msg: F(zh, en, args...)} }

// Badf returns a Bad error with the message formatted as F does.
func Badf(zh, en string, args ...any) *Error { return &Error{Msg: F(zh, en, args...), Class: Bad} }

// Wrap returns an Environment error whose message frames the cause:
// F(zh+"：%v", en+": %v", args…, err).
func Wrap(err error, zh, en string, args ...any) *Error {
	a := append(append([]any{}, args...), err)
	return &Error{Msg: F(zh+"：%v", en+": %v", a...), Err: err}
}

// WithHint sets the hint and returns e.
func (e *Error) WithHint(zh, en string, args ...any) *Error {
	e.Hint = F(zh, en, args...)
	return e
}

// WithClass sets the class and returns e.
func (e *Error) WithClass(c Class) *Error {
	e.Class = c
	return e
}

func (e *Error) Error() string { return e.Msg.En }
func (e *Error) Unwrap() error { return e.Err }

// Of returns the bilingual message of err: the message of the outermost
// *Error in its chain, or err's own text in both languages (with a Chinese
// sentence for a missing, forbidden or directory path). When plain
// wrappers (fmt.Errorf with %w) frame that *Error, the English is err's whole
// text and the Chinese the *Error's own: frame with Wrap to frame both.
func Of(err error) T {
	var e *Error
	switch {
	case errors.As(err, &e) && e == err:
		return e.Msg
	case e != nil:
		return T{Zh: e.Msg.Zh, En: err.Error()}
	}
	t := T{Zh: err.Error(), En: err.Error()}
	if zh, ok := osChinese(err); ok {
		t.Zh = zh
	}
	return t
}

// HintOf returns the hint of the outermost *Error in err's chain that has one.
func HintOf(err error) T {
	for err != nil {
		if e, ok := err.(*Error); ok && !e.Hint.IsZero() {
			return e.Hint
		}
		err = errors.Unwrap(err)
	}
	return T{}
}

// ClassOf returns the class of the outermost *Error in err's chain.
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return Environment
}
