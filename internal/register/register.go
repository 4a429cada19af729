// Package register reads Excel registers of paper certificates: it maps their
// columns onto a template's data items, streams their rows with flat memory,
// validates each row and writes the rejects workbook a clerk fixes and feeds back.
package register

import (
	"fmt"
	"io"
	"os"

	"github.com/xuri/excelize/v2"

	"ezz/internal/dataitem"
)

// scanRows is how many rows at the top of a sheet are searched for the header.
const scanRows = 20

// Register is an open workbook with its columns mapped onto data items.
type Register struct {
	path     string
	f        *excelize.File
	items    []dataitem.Item
	sheets   []*Sheet
	problems []MapProblem

	fh      *os.File  // the register file, open until Close
	fast    *fastBook // the package's own reader's view of it (see fastbook.go)
	fastErr error     // why that reader is not used, if it is not
}

// ownReader is false only in tests that read a workbook with excelize alone
// to compare the two readers.
var ownReader = true

// Sheet is how one worksheet maps onto the data items.
type Sheet struct {
	Name      string     `json:"name"`
	HeaderRow int        `json:"header_row"` // 1-based
	Header    []string   `json:"header"`     // the header cells as read
	Preamble  [][]string `json:"-"`          // the rows above the header (title rows)
	Columns   []Column   `json:"columns"`    // one per header cell, in order

	itemCol   map[string]int // item id → 0-based column index
	keyIDs    []string       // the keys of itemCol, sorted (for Row.Key)
	originCol int            // index of the 原行号 column, -1 if none
	problems  []MapProblem   // found while mapping the columns
}

// Column is one column of a sheet and the item it carries ("" if none).
type Column struct {
	Letter   string `json:"letter"`
	Header   string `json:"header"`
	Item     string `json:"item,omitempty"`
	Explicit bool   `json:"explicit,omitempty"` // mapped by the map file
	Reserved bool   `json:"reserved,omitempty"` // 原行号 or 错误原因 of a rejects workbook
}

// Open opens the workbook at path and maps its columns onto items, using the
// optional map file m. An error means the file could not be read at all; how
// the columns map, and what is wrong with that, is in Mapping, Problems and Err.
func Open(path string, items []dataitem.Item, m *MapFile) (*Register, error) {
	if m == nil {
		m = &MapFile{}
	}
	known := map[string]bool{}
	for _, it := range items {
		known[it.ID] = true
	}
	if err := m.check(known); err != nil {
		return nil, err
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read register: %w", err)
	}
	// fh stays open: every later read is of this very file, even if the
	// path is replaced meanwhile. The package's own reader reads it (see
	// fastbook.go); excelize only when that reader leaves the workbook or a
	// sheet to it.
	r := &Register{path: path, fh: fh, items: items}
	if ownReader {
		r.fast, r.fastErr = openFastBook(fh)
	}
	if r.fast == nil {
		if _, err := r.excel(); err != nil {
			fh.Close()
			return nil, err
		}
	}
	if err := r.mapSheets(m); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// excel returns the workbook opened with excelize, opening it on first use.
func (r *Register) excel() (*excelize.File, error) {
	if r.f != nil {
		return r.f, nil
	}
	st, err := r.fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("read register: %w", err)
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r.fh, 0, st.Size()), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &Error{
			Msg:    fmt.Sprintf("read register %q: %v", r.path, err),
			hint:   "save the register as an Excel workbook (.xlsx) and try again",
			zh:     fmt.Sprintf("读取登记表 %q 失败，它不是 Excel 工作簿（%v）", r.path, err),
			hintZh: "请把登记表另存为 Excel 工作簿（.xlsx）后重试",
		}
	}
	r.f = f
	return f, nil
}

// Close releases the workbook and its temporary files.
func (r *Register) Close() error {
	r.fast = nil
	var err error
	if r.f != nil {
		err = r.f.Close()
		r.f = nil
	}
	if r.fh != nil {
		r.fh.Close()
		r.fh = nil
	}
	return err
}

// Path is the file the register was read from.
func (r *Register) Path() string { return r.path }

// Mapping returns the sheets that will be read, with their column mapping.
func (r *Register) Mapping() []*Sheet { return r.sheets }

// Problems returns the mapping problems, errors and warnings, in sheet and column order.
func (r *Register) Problems() []MapProblem { return r.problems }

// Err summarises the error-severity problems; nil means rows can be read.
func (r *Register) Err() error { return mappingError(r.path, r.problems) }

// ItemColumn returns the column letter of an item in the sheet, "" if unmapped.
func (s *Sheet) ItemColumn(item string) string {
	if i, ok := s.itemCol[item]; ok {
		return s.Columns[i].Letter
	}
	return ""
}

// mapSheets chooses the sheets to read and maps each one.
func (r *Register) mapSheets(m *MapFile) error {
	var names []string
	if r.fast != nil {
		names = r.fast.names
	} else {
		names = r.f.GetSheetList()
	}
	if m.Sheet != "" {
		if !contains(names, m.Sheet) {
			r.problems = append(r.problems, MapProblem{
				Severity: SevError, Code: CodeSheetMissing, Sheet: m.Sheet,
				Message:   fmt.Sprintf("工作簿中没有名为 %q 的工作表（现有：%v）", m.Sheet, names),
				MessageEn: fmt.Sprintf("the workbook has no sheet named %q (it has %q)", m.Sheet, names),
				Hint:      "correct the sheet: line of the map file",
			})
			return nil
		}
		names = []string{m.Sheet}
	}
	mt := newMatcher(r.items)
	var skipped []MapProblem
	for _, name := range names {
		s, err := r.mapSheet(name, mt, m)
		if err != nil {
			return err
		}
		if s == nil {
			skipped = append(skipped, MapProblem{
				Severity: SevWarning, Code: CodeSheetSkipped, Sheet: name,
				Message:   fmt.Sprintf("前 %d 行中未找到表头，已跳过该工作表", scanRows),
				MessageEn: fmt.Sprintf("no header row in the first %d rows; sheet skipped", scanRows),
			})
			continue
		}
		r.sheets = append(r.sheets, s)
		r.problems = append(r.problems, s.problems...)
		r.problems = append(r.problems, s.check(r.items)...)
	}
	if len(r.sheets) == 0 {
		r.problems = append(r.problems, MapProblem{
			Severity: SevError, Code: CodeNoHeader,
			Message:   fmt.Sprintf("没有工作表在前 %d 行中含有与模板数据项匹配的表头", scanRows),
			MessageEn: fmt.Sprintf("no sheet has a header row matching the template's items in its first %d rows", scanRows),
			Hint:      "head the columns with the template's labels or aliases, or give a --map file with header_row and columns",
		})
		return nil
	}
	r.problems = append(r.problems, skipped...)
	return nil
}

// mapSheet reads the top of a sheet, finds the header row and maps its
// columns. It returns nil when the sheet has no header row.
func (r *Register) mapSheet(name string, mt *matcher, m *MapFile) (*Sheet, error) {
	top, err := r.readTop(name, max(scanRows, m.HeaderRow))
	if err != nil {
		return nil, err
	}
	row := m.HeaderRow
	if row == 0 {
		row = findHeader(top, mt, m, len(r.items))
	}
	if row == 0 || row > len(top) {
		return nil, nil
	}
	s := &Sheet{Name: name, HeaderRow: row, Header: top[row-1], Preamble: top[:row-1]}
	s.problems = s.mapColumns(mt, m)
	return s, nil
}

// readTop returns the first n rows of a sheet (a row without a row element
// is nil).
func (r *Register) readTop(sheet string, n int) ([][]string, error) {
	if src, ok := r.fast.sheet(sheet); ok {
		top, err := readTopFrom(src, n)
		if err != nil {
			return nil, fmt.Errorf("read register %q sheet %q: %w", r.path, sheet, err)
		}
		return top, nil
	}
	f, err := r.excel()
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("read register %q sheet %q: %w", r.path, sheet, err)
	}
	defer rows.Close()
	var top [][]string
	for len(top) < n && rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("read register %q sheet %q row %d: %w", r.path, sheet, len(top)+1, err)
		}
		top = append(top, cells)
	}
	return top, rows.Error()
}

func readTopFrom(src rowSource, n int) ([][]string, error) {
	defer src.close()
	var top [][]string
	for len(top) < n {
		num, cells, err := src.next()
		if err != nil || num == 0 {
			return top, err
		}
		for len(top) < num-1 && len(top) < n {
			top = append(top, nil)
		}
		if len(top) < n {
			top = append(top, cells)
		}
	}
	return top, nil
}
