package regtest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/xuri/excelize/v2"
)

type cellKind int

const (
	kindText cellKind = iota
	kindDate          // a date cell: a serial number with a date format
	kindRaw           // a number cell with the value written as is (1.1E+17)
)

// Cell is one cell of a generated register.
type Cell struct {
	kind cellKind
	text string
	date time.Time
}

// T is a text cell.
func T(s string) Cell { return Cell{text: s} }

// D is an Excel date cell (a serial number shown through a date format).
func D(t time.Time) Cell { return Cell{kind: kindDate, date: t} }

// N is a number cell whose stored value is raw, such as "1.10105199001011E+17".
func N(raw string) Cell { return Cell{kind: kindRaw, text: raw} }

// DateCell returns a date the way clerks enter them: half as date cells, the
// rest as text in the common written forms.
func DateCell(rng *rand.Rand, t time.Time) Cell {
	switch rng.IntN(8) {
	case 0:
		return T(t.Format("2006-01-02"))
	case 1:
		return T(fmt.Sprintf("%d/%d/%d", t.Year(), t.Month(), t.Day()))
	case 2:
		return T(fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()))
	case 3:
		return T(t.Format("2006.01.02"))
	default:
		return D(t)
	}
}

// SheetSpec is one sheet of a generated register: title rows, the header, the
// data rows (a nil row is left empty).
type SheetSpec struct {
	Name   string
	Title  []string
	Header []string
	Rows   [][]Cell
}

// HeaderRow is the 1-based row of the header.
func (s SheetSpec) HeaderRow() int { return len(s.Title) + 1 }

// RowNumber is the Excel row number of the i-th data row.
func (s SheetSpec) RowNumber(i int) int { return s.HeaderRow() + 1 + i }

// Write writes the sheets as a workbook at path. Only for small registers:
// it holds the workbook in memory (Synthetic streams).
func Write(path string, sheets []SheetSpec) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, s, st); err != nil {
			return fmt.Errorf("sheet %q: %w", s.Name, err)
		}
	}
	return f.SaveAs(path)
}

type styles struct{ title, header, date, dateISO int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	iso := "yyyy-mm-dd"
	if s.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return s, err
	}
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Horizontal: "center"}}); err != nil {
		return s, err
	}
	if s.date, err = f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil {
		return s, err
	}
	s.dateISO, err = f.NewStyle(&excelize.Style{CustomNumFmt: &iso})
	return s, err
}

func writeSheet(f *excelize.File, s SheetSpec, st styles) error {
	last, _ := excelize.ColumnNumberToName(max(len(s.Header), 8))
	for i, t := range s.Title {
		a := fmt.Sprintf("A%d", i+1)
		if err := f.SetCellValue(s.Name, a, t); err != nil {
			return err
		}
		if err := f.MergeCell(s.Name, a, fmt.Sprintf("%s%d", last, i+1)); err != nil {
			return err
		}
		if err := f.SetCellStyle(s.Name, a, a, st.title); err != nil {
			return err
		}
	}
	h := s.HeaderRow()
	if len(s.Header) == 0 {
		return nil
	}
	if err := f.SetSheetRow(s.Name, fmt.Sprintf("A%d", h), &s.Header); err != nil {
		return err
	}
	if err := f.SetRowStyle(s.Name, h, h, st.header); err != nil {
		return err
	}
	if err := f.SetColWidth(s.Name, "A", last, 18); err != nil {
		return err
	}
	for i, row := range s.Rows {
		for j, c := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, s.RowNumber(i))
			if err := setCell(f, s.Name, cell, c, st); err != nil {
				return err
			}
		}
	}
	return nil
}

func setCell(f *excelize.File, sheet, cell string, c Cell, st styles) error {
	switch c.kind {
	case kindDate:
		style := st.date
		if c.date.Day()%2 == 0 {
			style = st.dateISO
		}
		if err := f.SetCellInt(sheet, cell, int64(ExcelSerial(c.date))); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, style)
	case kindRaw:
		return f.SetCellDefault(sheet, cell, c.text)
	}
	if c.text == "" {
		return nil
	}
	return f.SetCellStr(sheet, cell, c.text)
}
