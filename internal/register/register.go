// Package register maps the columns of a register of paper certificates onto
// a template's data items, streams its rows (read by package sheet, whatever
// the file format) with flat memory, validates each row and writes the
// rejects workbook a clerk fixes and feeds back.
package register

import (
	"fmt"
	"os"
	"slices"

	"ezz/internal/dataitem"
	"ezz/internal/sheet"
	"ezz/internal/text"
)

// scanRows is how many rows at the top of a sheet are searched for the header.
const scanRows = 20

// Register is an open workbook with its columns mapped onto data items.
type Register struct {
	path     string
	book     sheet.Book // open until Close: every read is of the file Open opened
	items    []dataitem.Item
	values   map[string]string // the map file's values: item id → constant
	sheets   []*Sheet
	problems []MapProblem
}

// Sheet is how one worksheet maps onto the data items.
type Sheet struct {
	Name      string     `json:"name"`
	HeaderRow int        `json:"header_row"` // 1-based
	Header    []string   `json:"header"`     // the header cells as read
	Preamble  [][]string `json:"-"`          // the rows above the header (title rows)
	Columns   []Column   `json:"columns"`    // one per header cell, in order

	// Values are the map file's values: item id → the value of every row.
	Values map[string]string `json:"values,omitempty"`

	itemCol   map[string]int // item id → 0-based column index
	keyIDs    []string       // the keys of itemCol, sorted (for Row.Key)
	keys      []keyCell      // keyIDs with their columns or values
	originCol int            // index of the 原行号 column, -1 if none
	codeCol   map[int]bool   // columns of text and code items, written as text ("@") in the rejects
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
	return open(path, items, m, func() (sheet.Book, error) { return sheet.Open(path) })
}

// OpenFile is Open of the register file f, opened from path by
// sheet.OpenRegular: the rows come from that file, the one whose SM3 the
// batch records, even if the name is saved over meanwhile. It closes f if it
// fails.
func OpenFile(f *os.File, path string, items []dataitem.Item, m *MapFile) (*Register, error) {
	opened := false
	r, err := open(path, items, m, func() (sheet.Book, error) { opened = true; return sheet.OpenFile(f, path) })
	if !opened { // the map file failed first; the book owns f otherwise
		f.Close()
	}
	return r, err
}

func open(path string, items []dataitem.Item, m *MapFile, openBook func() (sheet.Book, error)) (*Register, error) {
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
	if err := checkValues(items, m.Values); err != nil {
		return nil, err
	}
	book, err := openBook()
	if err != nil {
		return nil, err
	}
	r := &Register{path: path, book: book, items: items, values: m.Values}
	if err := r.mapSheets(m); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Close releases the register file.
func (r *Register) Close() error {
	if r.book == nil {
		return nil
	}
	err := r.book.Close()
	r.book = nil
	return err
}

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
	names := r.book.Sheets()
	if m.Sheet != "" {
		if !slices.Contains(names, m.Sheet) {
			r.problems = append(r.problems, MapProblem{
				Severity: SevError, Code: CodeSheetMissing, Sheet: m.Sheet,
				Message: text.F("工作簿中没有名为 %q 的工作表（现有：%q）", "the workbook has no sheet named %q (it has %q)", m.Sheet, names),
				Hint:    text.New("更正映射文件中的 sheet: 行", "correct the sheet: line of the map file"),
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
		if s == nil && name == NotesSheet {
			continue // the instructions of a rejects workbook fed back
		}
		if s == nil {
			skipped = append(skipped, MapProblem{
				Severity: SevWarning, Code: CodeSheetSkipped, Sheet: name,
				Message: text.F("前 %d 行中未找到表头，已跳过该工作表", "no header row in the first %d rows; sheet skipped", scanRows),
				Hint: text.New("如果该工作表中有要签发的行，请在前几行写上与模板数据项名称相同的表头，或用 --map 映射文件的 sheet: 和 header_row: 指定",
					"if the sheet holds rows to issue, head its columns with the template's item labels near the top, or name it with sheet: and header_row: in a --map file"),
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
			Message: text.F("没有工作表在前 %d 行中含有与模板数据项匹配的表头", "no sheet has a header row matching the template's items in its first %d rows", scanRows),
			Hint: text.New("用模板数据项的名称或别名作表头，或提供含 header_row 和 columns 的 --map 映射文件",
				"head the columns with the template's labels or aliases, or give a --map file with header_row and columns"),
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
	s := &Sheet{Name: name, HeaderRow: row, Header: top[row-1], Preamble: top[:row-1], Values: r.values}
	s.problems = s.mapColumns(mt, m)
	s.codeCol = codeColumns(s.itemCol, r.items)
	return s, nil
}

// readTop returns the first n rows of a sheet (a row without a row element
// is nil).
func (r *Register) readTop(sheet string, n int) ([][]string, error) {
	src, err := r.book.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("read register %q sheet %q: %w", r.path, sheet, err)
	}
	top, err := readTopFrom(src, n)
	if err != nil {
		return nil, fmt.Errorf("read register %q sheet %q: %w", r.path, sheet, err)
	}
	return top, nil
}

func readTopFrom(src sheet.Rows, n int) ([][]string, error) {
	defer src.Close()
	var top [][]string
	for len(top) < n {
		num, cells, err := src.Next()
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

// checkValues validates the map file's values as cells of their items
// (a holder ID, which needs its row's ID type, is checked with each row).
func checkValues(items []dataitem.Item, values map[string]string) error {
	for _, it := range items {
		v, ok := values[it.ID]
		if !ok || it.Type == dataitem.HolderID {
			continue
		}
		if _, err := it.Normalize(v); err != nil {
			why := text.Of(err)
			if e, ok := err.(*dataitem.Error); ok {
				why = e.Message
			}
			return text.Errorf("映射文件：values 中 %s（%s）的值 %q 无效：%s", "map file: values: %s (%s) %q is invalid: %s", it.ID, it.Label, v, why).
				WithHint("请按该数据项的要求更正映射文件中的值", "correct the value in the map file as the item requires")
		}
	}
	return nil
}

// codeColumns are the columns whose items are text or codes (credit codes,
// IDs, certificate numbers, code-table codes such as 001): a spreadsheet
// must keep what a clerk types there as text.
func codeColumns(itemCol map[string]int, items []dataitem.Item) map[int]bool {
	out := map[int]bool{}
	for _, it := range items {
		i, ok := itemCol[it.ID]
		if !ok {
			continue
		}
		switch it.Type {
		case dataitem.Date, dataitem.Integer, dataitem.Decimal:
		default:
			out[i] = true
		}
	}
	return out
}
