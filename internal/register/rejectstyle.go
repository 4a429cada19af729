package register

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"ezz/internal/sheet"
)

// rejectsFont is the one font of the rejects workbook, in every style, so
// that no cell falls back to another face (Excel's default on Chinese Windows).
const rejectsFont = "等线"

// dateFormat is how the rejects workbook shows a date.
const dateFormat = "yyyy-mm-dd"

// styleKey is one cell style: a number format, and whether the cell is bad.
type styleKey struct {
	format string
	bad    bool
}

// rejectStyles makes the workbook's cell styles on demand, once each.
type rejectStyles struct {
	f      *excelize.File
	header int
	reason int
	cells  map[styleKey]int
}

func newRejectStyles(f *excelize.File) (*rejectStyles, error) {
	s := &rejectStyles{f: f, cells: map[styleKey]int{}}
	var err error
	font := &excelize.Font{Family: rejectsFont, Size: 11, Bold: true}
	if s.header, err = f.NewStyle(&excelize.Style{Font: font,
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
		return nil, err
	}
	s.reason, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: rejectsFont, Size: 11, Color: "9C0006"},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return s, err
}

// cell returns the style of a cell with number format format ("" General).
func (s *rejectStyles) cell(format string, bad bool) (int, error) {
	k := styleKey{format, bad}
	if id, ok := s.cells[k]; ok {
		return id, nil
	}
	st := &excelize.Style{Font: &excelize.Font{Family: rejectsFont, Size: 11}}
	if format != "" {
		st.CustomNumFmt = &format
	}
	if bad {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}
		st.Font.Color = "9C0006"
	}
	id, err := s.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	s.cells[k] = id
	return id, nil
}

// cellValue is the value and number format a rejected cell is written with:
// its kind and format as the register had them, dates as dates in
// yyyy-mm-dd, and text ("@") for a code column or a string of digits that a
// spreadsheet would otherwise turn into a number.
func cellValue(raw string, t sheet.Type, code bool) (any, string) {
	switch {
	case t.Kind == sheet.Number && t.IsDate():
		if f, err := strconv.ParseFloat(raw, 64); err == nil {
			return f, dateFormat
		}
	case t.Kind == sheet.Number && !code:
		if f, err := strconv.ParseFloat(raw, 64); err == nil && strconv.FormatFloat(f, 'f', -1, 64) == raw {
			return f, t.Format
		}
	case t.Kind == sheet.Bool:
		return raw == "1", ""
	}
	if code || digits(raw) {
		return raw, "@"
	}
	return raw, ""
}

// digits reports whether s is a run of digits a spreadsheet would turn into
// a number and spoil: a leading zero, or more than 11 digits.
func digits(s string) bool {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return false
	}
	return s[0] == '0' && len(s) > 1 || len(s) > 11
}

// displayWidth is the width of s in Excel column units: two for a wide
// (CJK) character, one for others; the longest line counts.
func displayWidth(s string) float64 {
	w := 0.0
	for _, line := range strings.Split(s, "\n") {
		n := 0.0
		for _, r := range line {
			if r >= 0x1100 && utf8.RuneLen(r) >= 3 {
				n += 2
			} else {
				n++
			}
		}
		w = max(w, n)
	}
	return w
}
