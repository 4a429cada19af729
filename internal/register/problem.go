package register

import (
	"fmt"
	"slices"
	"strings"

	"ezz/internal/text"
)

// Severities of a mapping problem.
const (
	SevError   = "error"   // the register cannot be converted until it is fixed
	SevWarning = "warning" // reported, work goes on
)

// Codes of mapping problems (stable, for --json).
const (
	CodeNoHeader       = "no-header"       // no sheet has a recognisable header row
	CodeSheetSkipped   = "sheet-skipped"   // a sheet without a header row was left out
	CodeSheetMissing   = "sheet-missing"   // the map file names a sheet the workbook lacks
	CodeMissingColumn  = "missing-column"  // a required item has no column
	CodeUnmapped       = "unmapped-column" // a column matches no item and is left out
	CodeDupColumn      = "duplicate-column"
	CodeAmbiguous      = "ambiguous-column"
	CodeValueAndColumn = "value-and-column" // an item has both a column and a map-file value
)

// MapProblem is something wrong with how a register's columns map onto the
// template, found before any row is read.
type MapProblem struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Sheet    string `json:"sheet,omitempty"`
	Column   string `json:"column,omitempty"` // letter
	Header   string `json:"header,omitempty"`
	Item     string `json:"item,omitempty"`
	Message  text.T `json:"message"`
	Hint     text.T `json:"hint,omitzero"` // what to do about it
}

// Placed is the message with its place: the sheet (and in English the
// column), unless the message already names it.
func (p MapProblem) Placed() text.T {
	zh := p.Message.Zh
	if p.Sheet != "" && !strings.Contains(zh, p.Sheet) {
		zh = fmt.Sprintf("工作表“%s”：%s", p.Sheet, zh)
	}
	var place []string
	if p.Sheet != "" {
		place = append(place, fmt.Sprintf("sheet %q", p.Sheet))
	}
	if p.Column != "" {
		place = append(place, "column "+p.Column)
	}
	en := p.Message.En
	if len(place) > 0 {
		en = strings.Join(place, " ") + ": " + en
	}
	return text.New(zh, en)
}

// String renders the problem in English with its place, for logs and errors.
func (p MapProblem) String() string { return p.Placed().En }

// Problem is one thing wrong with one row, tied to the cell it concerns.
type Problem struct {
	Column  string `json:"column,omitempty"` // letter; empty for a problem of the whole row
	Label   string `json:"label,omitempty"`  // the item's label
	Item    string `json:"item,omitempty"`
	Code    string `json:"code"`
	Message text.T `json:"message"` // the Chinese is what the rejects workbook shows the clerk
}

// mappingError summarises the error-severity problems as one error, with
// their distinct hints.
func mappingError(path string, ps []MapProblem) error {
	var zh, en []string
	for _, p := range ps {
		if p.Severity == SevError {
			m := p.Placed()
			zh, en = append(zh, m.Zh), append(en, m.En)
		}
	}
	if len(en) == 0 {
		return nil
	}
	return &text.Error{
		Msg:  text.F("登记表 %q：%s", "register %q: %s", path, text.New(strings.Join(zh, "；"), strings.Join(en, "; "))),
		Hint: ProblemHints(ps),
	}
}

// ProblemHints joins the distinct hints of the error-severity problems in
// both languages; empty when none has one.
func ProblemHints(ps []MapProblem) text.T {
	var zh, en []string
	for _, p := range ps {
		if p.Severity != SevError {
			continue
		}
		if h := p.Hint.Zh; h != "" && !slices.Contains(zh, h) {
			zh = append(zh, h)
		}
		if h := p.Hint.En; h != "" && !slices.Contains(en, h) {
			en = append(en, h)
		}
	}
	return text.New(strings.Join(zh, "；"), strings.Join(en, "; "))
}
