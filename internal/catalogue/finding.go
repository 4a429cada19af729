package catalogue

import (
	"cmp"
	"fmt"
	"slices"

	"ezz/internal/text"
)

// Severity says whether a finding fails the lint (error) or only with --strict (warning).
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one problem lint found in a template: where, which rule, how bad
// and how to fix it. Line and Column are 1-based; 0 means "the whole file".
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  text.T   `json:"message"` // {"zh": …, "en": …}
}

// In renders f in lang as "file:line:col: severity [rule] message".
func (f Finding) In(lang string) string {
	return fmt.Sprintf("%s:%d:%d: %s [%s] %s", f.File, f.Line, f.Column, f.Severity, f.Rule, f.Message.In(lang))
}

// Text is f rendered in both languages.
func (f Finding) Text() text.T { return text.New(f.In("zh"), f.In("en")) }

// String renders f in English.
func (f Finding) String() string { return f.In("en") }

// Count returns the number of errors and warnings in fs.
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		if f.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// SortFindings orders findings by file, line, column, then rule.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Rule, b.Rule))
	})
}
