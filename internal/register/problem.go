package register

import (
	"fmt"
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
	Severity  string `json:"severity"`
	Code      string `json:"code"`
	Sheet     string `json:"sheet,omitempty"`
	Column    string `json:"column,omitempty"` // letter
	Header    string `json:"header,omitempty"`
	Item      string `json:"item,omitempty"`
	Message   string `json:"message"`    // Chinese
	MessageEn string `json:"message_en"` // English
	Hint      string `json:"hint,omitempty"`
}

// String renders the problem in English with its place, for logs and errors.
func (p MapProblem) String() string {
	var place []string
	if p.Sheet != "" {
		place = append(place, fmt.Sprintf("sheet %q", p.Sheet))
	}
	if p.Column != "" {
		place = append(place, "column "+p.Column)
	}
	if len(place) == 0 {
		return p.MessageEn
	}
	return strings.Join(place, " ") + ": " + p.MessageEn
}

// Problem is one thing wrong with one row, tied to the cell it concerns.
type Problem struct {
	Column    string `json:"column,omitempty"` // letter; empty for a problem of the whole row
	Label     string `json:"label,omitempty"`  // the item's label
	Item      string `json:"item,omitempty"`
	Code      string `json:"code"`
	Message   string `json:"message"`    // Chinese, shown to the clerk in the rejects workbook
	MessageEn string `json:"message_en"` // English
}

// mappingError summarises the error-severity problems as one error.
func mappingError(path string, ps []MapProblem) error {
	var msgs, hints, zh, hintsZh []string
	for _, p := range ps {
		if p.Severity != SevError {
			continue
		}
		msgs = append(msgs, p.String())
		zh = append(zh, p.chinese())
		if h := p.hintZh(); h != "" && !contains(hintsZh, h) {
			hintsZh = append(hintsZh, h)
		}
		if p.Hint != "" && !contains(hints, p.Hint) {
			hints = append(hints, p.Hint)
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return &text.Error{
		Msg:  text.F("登记表 %q：%s", "register %q: %s", path, text.New(strings.Join(zh, "；"), strings.Join(msgs, "; "))),
		Hint: text.New(strings.Join(hintsZh, "；"), strings.Join(hints, "; ")),
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ProblemHints joins the distinct hints of the error-severity problems in
// both languages; empty when none has one.
func ProblemHints(ps []MapProblem) text.T {
	return text.New(problemHints(ps, "zh"), problemHints(ps, "en"))
}

func problemHints(ps []MapProblem, lang string) string {
	var hints []string
	for _, p := range ps {
		h := p.Hint
		if lang == "zh" {
			h = p.hintZh()
		}
		if p.Severity == SevError && h != "" && !contains(hints, h) {
			hints = append(hints, h)
		}
	}
	if lang == "zh" {
		return strings.Join(hints, "；")
	}
	return strings.Join(hints, "; ")
}
