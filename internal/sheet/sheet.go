// Package sheet reads the worksheets of a register — Excel .xlsx and .xls,
// OpenDocument .ods and .csv text — as rows of cell text behind one Rows
// interface, so that the register package only maps, validates and writes
// rejects. Every reader opens only regular files, checks sizes before any
// work and bounds what a hostile file can make it decompress, hold or scan.
package sheet

import (
	"slices"
	"strconv"
	"strings"
)

// Kind is what a cell holds, as the workbook records it.
type Kind uint8

// Kinds of cells.
const (
	String Kind = iota // text (also every cell of a CSV file)
	Number             // a number; a date is a number with a date format
	Bool               // TRUE or FALSE, as "1" or "0"
	Error              // a formula error such as #N/A
	Date               // an ISO 8601 date or date-time as text (t="d")
)

// Type is a cell's kind and number format, for writing it back as it was.
type Type struct {
	Kind   Kind
	Format string // the number format code; "" is General
}

// IsDate reports whether the cell is a date: a number with a date format, or
// an ISO date.
func (t Type) IsDate() bool {
	return t.Kind == Date || t.Kind == Number && IsDateFormat(t.Format)
}

// Book is an open workbook.
type Book interface {
	// Format names the file format: "xlsx", "xls", "ods" or "csv".
	Format() string
	// Sheets lists the worksheets in workbook order.
	Sheets() []string
	// Rows starts reading a sheet from its first row.
	Rows(sheet string) (Rows, error)
	// EstimatedRows is the sheet's last row as the file records it, for a
	// progress bar only; 0 when the file does not say.
	EstimatedRows(sheet string) int
	// Close releases the file.
	Close() error
}

// Rows streams the rows of one sheet.
type Rows interface {
	// Next returns the next row that has cells or a row element: its 1-based
	// number and its cells' text (a number's digits, a date's serial, a
	// string's text; trailing empty cells left out). num is 0 at the end.
	// Rows missing between two numbers are empty. The slice is the caller's.
	Next() (num int, cells []string, err error)
	// Types returns the kinds and formats of the cells Next returned last.
	// Rows of one sheet share the slice while their types are the same (most
	// rows of a register are alike): it must not be modified.
	Types() []Type
	// Close releases the sheet.
	Close() error
}

// canonExponent writes a number's exponent without leading zeros
// (4.2E+017 → 4.2E+17), as Excel does, so that a LibreOffice file reads as
// Excel's; other text is returned as it is.
func canonExponent(s string) string {
	i := strings.IndexAny(s, "Ee")
	if i < 0 || i+2 >= len(s) || (s[i+1] != '+' && s[i+1] != '-') || s[i+2] != '0' {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return s
	}
	exp := strings.TrimLeft(s[i+2:], "0")
	if exp == "" {
		exp = "0"
	}
	return s[:i+2] + exp
}

// sharedTypes hands out the types of consecutive rows, one slice for rows
// whose types are the same, so that a row costs no allocation for them.
type sharedTypes struct{ last []Type }

// of returns t, or the slice it handed out before when that holds the same
// types; t itself is never kept, so it may be scratch.
func (s *sharedTypes) of(t []Type) []Type {
	if len(t) == 0 {
		return nil
	}
	if !slices.Equal(s.last, t) {
		s.last = slices.Clone(t)
	}
	return s.last
}
