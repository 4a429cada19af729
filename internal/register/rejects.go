package register

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxComments bounds the cell comments of a rejects workbook: each costs a
// drawing shape, and past a few thousand the 错误原因 column says it all.
const maxComments = 2000

// Rejects writes the rejects workbook: for each source sheet, a sheet of the
// same name with the same title rows, the same header at the same row, the
// rejected rows with their original columns in their original places, a
// 原行号 and a 错误原因 column, and the bad cells filled and commented. The
// clerk fixes it and feeds it back; the mapper ignores the two extra columns.
type Rejects struct {
	path     string
	f        *excelize.File
	sheets   map[string]*rejectSheet
	order    []string
	styles   rejectStyles
	count    int
	comments int
}

type rejectSheet struct {
	sw        *excelize.StreamWriter
	next      int // next row to write
	originCol int // 0-based
	reasonCol int
	width     int // columns of the original header
}

type rejectStyles struct{ header, bad, reason int }

// NewRejects starts a rejects workbook that Close writes to path.
func NewRejects(path string) (*Rejects, error) {
	f := excelize.NewFile()
	w := &Rejects{path: path, f: f, sheets: map[string]*rejectSheet{}}
	var err error
	if w.styles, err = newRejectStyles(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("rejects workbook: %w", err)
	}
	return w, nil
}

func newRejectStyles(f *excelize.File) (rejectStyles, error) {
	var s rejectStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
		return s, err
	}
	if s.bad, err = f.NewStyle(&excelize.Style{
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
		Font: &excelize.Font{Color: "9C0006"}}); err != nil {
		return s, err
	}
	s.reason, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}})
	return s, err
}

// Add writes one rejected row with its problems.
func (w *Rejects) Add(row Row, problems []Problem) error {
	if row.sheet == nil {
		return fmt.Errorf("rejects workbook: row %s has no sheet mapping", row.Origin)
	}
	rs, err := w.sheet(row.sheet)
	if err != nil {
		return err
	}
	bad := map[int]string{}
	for _, p := range problems {
		if c, err := excelize.ColumnNameToNumber(p.Column); err == nil {
			bad[rs.place(c-1)] += p.Message + "\n"
		}
	}
	n := max(len(row.Raw)+2, rs.reasonCol+1)
	cells := make([]any, n)
	for i, v := range row.Raw {
		cells[rs.place(i)] = v
	}
	cells[rs.originCol] = row.Origin
	cells[rs.reasonCol] = excelize.Cell{StyleID: w.styles.reason, Value: Reason(row, problems)}
	for i, msg := range bad {
		cells[i] = excelize.Cell{StyleID: w.styles.bad, Value: cells[i]}
		w.comment(row.Sheet, i, rs.next, msg)
	}
	cell, _ := excelize.CoordinatesToCellName(1, rs.next)
	if err := rs.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("rejects workbook: %w", err)
	}
	rs.next++
	w.count++
	return nil
}

// place maps a 0-based source column to its column in the rejects sheet:
// unchanged within the header's width; cells past it (no heading) move
// after the two added columns so that none is lost.
func (rs *rejectSheet) place(i int) int {
	if i < rs.width || rs.originCol < rs.width {
		return i
	}
	return i + 2
}

func (w *Rejects) comment(sheet string, col, row int, msg string) {
	if w.comments >= maxComments {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, row)
	if w.f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "ezz",
		Paragraph: []excelize.RichTextRun{{Text: strings.TrimSpace(msg)}}}) == nil {
		w.comments++
	}
}

// Reason renders a row's problems as the 错误原因 text: "B列 主体代码：…；H列 …".
func Reason(row Row, problems []Problem) string {
	parts := make([]string, 0, len(problems))
	for _, p := range problems {
		s := p.Message
		if p.Label != "" {
			s = p.Label + "：" + s
		}
		if p.Column != "" {
			s = p.Column + "列 " + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "；")
}

// Count is the number of rows added.
func (w *Rejects) Count() int { return w.count }

// Close writes the workbook if any row was added and releases it. With no
// rows it writes nothing.
func (w *Rejects) Close() error {
	defer w.f.Close()
	if w.count == 0 {
		return nil
	}
	for _, name := range w.order {
		if err := w.sheets[name].sw.Flush(); err != nil {
			return fmt.Errorf("rejects workbook %q: %w", w.path, err)
		}
	}
	if len(w.order) > 0 && w.order[0] != "Sheet1" {
		w.f.DeleteSheet("Sheet1")
	}
	tmp, err := os.CreateTemp(filepath.Dir(w.path), ".rejects-*.xlsx")
	if err != nil {
		return fmt.Errorf("write rejects workbook: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := w.f.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write rejects workbook %q: %w", w.path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write rejects workbook %q: %w", w.path, err)
	}
	if err := os.Rename(tmp.Name(), w.path); err != nil {
		return fmt.Errorf("write rejects workbook: %w", err)
	}
	return nil
}

// sheet returns the rejects sheet for a source sheet, writing its title rows
// and header the first time.
func (w *Rejects) sheet(src *Sheet) (*rejectSheet, error) {
	if rs, ok := w.sheets[src.Name]; ok {
		return rs, nil
	}
	if _, err := w.f.NewSheet(src.Name); err != nil {
		return nil, fmt.Errorf("rejects workbook: sheet %q: %w", src.Name, err)
	}
	sw, err := w.f.NewStreamWriter(src.Name)
	if err != nil {
		return nil, fmt.Errorf("rejects workbook: sheet %q: %w", src.Name, err)
	}
	rs := &rejectSheet{sw: sw, width: len(src.Header), originCol: -1, reasonCol: -1}
	for i, c := range src.Columns {
		switch {
		case c.Reserved && NormalizeHeader(c.Header) == HeaderOrigin:
			rs.originCol = i
		case c.Reserved:
			rs.reasonCol = i
		}
	}
	if rs.originCol < 0 || rs.reasonCol < 0 {
		rs.originCol, rs.reasonCol = rs.width, rs.width+1
	}
	if err := w.start(rs, src); err != nil {
		return nil, fmt.Errorf("rejects workbook: sheet %q: %w", src.Name, err)
	}
	w.sheets[src.Name] = rs
	w.order = append(w.order, src.Name)
	return rs, nil
}

// start sets widths and panes and writes the title rows and the header.
func (w *Rejects) start(rs *rejectSheet, src *Sheet) error {
	n := max(rs.reasonCol+1, len(src.Header))
	if err := rs.sw.SetColWidth(1, n, 16); err != nil {
		return err
	}
	if err := rs.sw.SetColWidth(rs.reasonCol+1, rs.reasonCol+1, 60); err != nil {
		return err
	}
	top, _ := excelize.CoordinatesToCellName(1, src.HeaderRow+1)
	if err := rs.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: src.HeaderRow,
		TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, cells := range src.Preamble {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := rs.sw.SetRow(cell, toAny(cells)); err != nil {
			return err
		}
	}
	header := make([]any, n)
	for i := range header {
		v := ""
		if i < len(src.Header) {
			v = src.Header[i]
		}
		header[i] = excelize.Cell{StyleID: w.styles.header, Value: v}
	}
	header[rs.originCol] = excelize.Cell{StyleID: w.styles.header, Value: HeaderOrigin}
	header[rs.reasonCol] = excelize.Cell{StyleID: w.styles.header, Value: HeaderReason}
	cell, _ := excelize.CoordinatesToCellName(1, src.HeaderRow)
	rs.next = src.HeaderRow + 1
	return rs.sw.SetRow(cell, header, excelize.RowOpts{StyleID: w.styles.header})
}

func toAny(cells []string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = c
	}
	return out
}
