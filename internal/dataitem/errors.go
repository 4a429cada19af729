package dataitem

import (
	"fmt"

	"ezz/internal/text"
)

// Stable error codes. Lint output, rejects workbooks and JSON reports carry these;
// they never change once released.
const (
	CodeRequired       = "required"               // a required item is empty
	CodeTooLong        = "too-long"               // more characters than max_length
	CodeTooShort       = "too-short"              // fewer characters than min_length
	CodePattern        = "pattern"                // the value does not match the item's pattern
	CodeEnumUnknown    = "enum-unknown"           // neither a code nor a label of the enum
	CodeMangledNumber  = "mangled-number"         // a code that Excel stored as a number (1.1E+17)
	CodeDateFormat     = "date-format"            // not a date in any accepted form
	CodeDateInvalid    = "date-invalid"           // a well-formed date that does not exist (2019-02-30)
	CodeInteger        = "integer"                // not a whole number
	CodeDecimal        = "decimal"                // not a decimal number
	CodeUSCCLength     = "uscc-length"            // a credit code not 18 characters long
	CodeUSCCChar       = "uscc-char"              // a character outside the credit-code alphabet
	CodeUSCCCheck      = "uscc-check"             // wrong check character
	CodeIDLength       = "resident-id-length"     // a resident ID not 18 characters long
	CodeIDChar         = "resident-id-char"       // a non-digit (other than a final X)
	CodeIDBirthDate    = "resident-id-birth-date" // the birth date inside is not a real date
	CodeIDCheck        = "resident-id-check"      // wrong check digit
	CodeHolderIDType   = "holder-id-type"         // unknown or missing GB/T 36903 ID type code
	CodeHolderIDFormat = "holder-id-format"       // not a plausible number for its ID type
	CodeText           = "text"                   // control characters or invalid UTF-8
	CodeRule           = "rule"                   // a cross-field rule is broken
)

// Error is a validation failure with a stable code and messages for the clerk in
// Chinese and in English, each saying what to fix.
type Error struct {
	Code    string
	Message text.T
}

func (e *Error) Error() string { return e.Message.En }

func newError(code, zh, en string) *Error { return &Error{Code: code, Message: text.New(zh, en)} }

// FieldError is an Error tied to one data item of one record.
type FieldError struct {
	Item    string // item id
	Label   string // item label (Chinese)
	Value   string // the value as given (trimmed)
	Code    string // stable code, such as "uscc-check"
	Message text.T // what is wrong and how to fix it
	Rule    string // for Code "rule": the rule id
}

// Error renders the English message prefixed with the item.
func (e FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Item, e.Message.En) }

func fieldError(it *Item, value string, err *Error) FieldError {
	return FieldError{Item: it.ID, Label: it.Label, Value: value, Code: err.Code,
		Message: err.Message}
}

func mangledError() *Error {
	return newError(CodeMangledNumber,
		"该单元格被设为数字格式，代码已被 Excel 改写（如 1.1E+17），无法还原：请把该列设为文本格式后重新录入代码",
		"the cell was typed as a number and Excel rewrote the code (e.g. 1.1E+17); format the column as text and re-enter the code")
}
