package register

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"ezz/internal/sheet"
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
	styles   *rejectStyles
	count    int
	comments int
}

type rejectSheet struct {
	src       *Sheet
	sw        *excelize.StreamWriter
	next      int // next row to write
	originCol int // 0-based
	reasonCol int
	width     int       // columns of the original header
	pending   []pending // rows held until the column widths are known
}

// pending is a rejected row not yet written.
type pending struct {
	cells []any
	bad   map[int]string // column → the messages of its comment
}

// widthRows is how many rejected rows of a sheet are held to fit the column
// widths to their content before the sheet is streamed.
const widthRows = 200

// NewRejects starts a rejects workbook that Close writes to path.
func NewRejects(path string) (*Rejects, error) {
	f := excelize.NewFile()
	w := &Rejects{path: path, f: f, sheets: map[string]*rejectSheet{}}
	var err error
	if err = f.SetDefaultFont(rejectsFont); err == nil {
		w.styles, err = newRejectStyles(f)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("rejects workbook: %w", err)
	}
	return w, nil
}

// Add writes one rejected row with its problems: each cell with its kind
// and number format from the register, the bad ones filled and commented.
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
			bad[rs.place(c-1)] += p.Message.In("zh") + "\n"
		}
	}
	n := max(len(row.Raw)+2, rs.reasonCol+1)
	cells := make([]any, n)
	for i, v := range row.Raw {
		var t sheet.Type
		if i < len(row.Types) {
			t = row.Types[i]
		}
		val, format := cellValue(v, t, row.sheet.codeCol[i])
		style, err := w.styles.cell(format, bad[rs.place(i)] != "")
		if err != nil {
			return fmt.Errorf("rejects workbook: %w", err)
		}
		cells[rs.place(i)] = excelize.Cell{StyleID: style, Value: val}
	}
	text, _ := w.styles.cell("@", false)
	cells[rs.originCol] = excelize.Cell{StyleID: text, Value: row.Origin}
	cells[rs.reasonCol] = excelize.Cell{StyleID: w.styles.reason, Value: Reason(row, problems)}
	for i := range bad {
		if cells[i] == nil {
			style, _ := w.styles.cell("", true)
			cells[i] = excelize.Cell{StyleID: style}
		}
	}
	w.count++
	rs.pending = append(rs.pending, pending{cells, bad})
	if rs.sw != nil || len(rs.pending) >= widthRows {
		return w.flushPending(rs)
	}
	return nil
}

// flushPending starts the sheet if need be and writes its held rows.
func (w *Rejects) flushPending(rs *rejectSheet) error {
	if rs.sw == nil {
		if err := w.start(rs); err != nil {
			return fmt.Errorf("rejects workbook: sheet %q: %w", rs.src.Name, err)
		}
	}
	for _, p := range rs.pending {
		for i, msg := range p.bad {
			w.comment(rs.src.Name, i, rs.next, msg)
		}
		cell, _ := excelize.CoordinatesToCellName(1, rs.next)
		if err := rs.sw.SetRow(cell, p.cells); err != nil {
			return fmt.Errorf("rejects workbook: %w", err)
		}
		rs.next++
	}
	rs.pending = rs.pending[:0]
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
		s := p.Message.In("zh")
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
		rs := w.sheets[name]
		if err := w.flushPending(rs); err != nil {
			return err
		}
		if err := rs.sw.Flush(); err != nil {
			return fmt.Errorf("rejects workbook %q: %w", w.path, err)
		}
	}
	if err := w.notes(); err != nil {
		return fmt.Errorf("rejects workbook %q: %w", w.path, err)
	}
	if len(w.order) > 0 && w.order[0] != "Sheet1" {
		w.f.DeleteSheet("Sheet1")
	}
	tmp, err := os.CreateTemp(filepath.Dir(w.path), stagedRejects)
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

// sheet returns the rejects sheet for a source sheet.
func (w *Rejects) sheet(src *Sheet) (*rejectSheet, error) {
	if rs, ok := w.sheets[src.Name]; ok {
		return rs, nil
	}
	if _, err := w.f.NewSheet(src.Name); err != nil {
		return nil, fmt.Errorf("rejects workbook: sheet %q: %w", src.Name, err)
	}
	rs := &rejectSheet{src: src, width: len(src.Header), originCol: -1, reasonCol: -1}
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
	w.sheets[src.Name] = rs
	w.order = append(w.order, src.Name)
	return rs, nil
}

// start opens the sheet's stream, sets the widths (fitted to the header and
// the held rows), the code columns' text format and the frozen header, and
// writes the title rows and the header.
func (w *Rejects) start(rs *rejectSheet) error {
	src := rs.src
	if err := printable(w.f, src.Name); err != nil {
		return err
	}
	sw, err := w.f.NewStreamWriter(src.Name)
	if err != nil {
		return err
	}
	rs.sw = sw
	n := max(rs.reasonCol+1, len(src.Header))
	text, err := w.styles.cell("@", false)
	if err != nil {
		return err
	}
	for i, width := range rs.widths(n) {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
		if src.codeCol[rs.source(i)] || i == rs.originCol {
			if err := sw.SetColStyle(i+1, i+1, text); err != nil {
				return err
			}
		}
	}
	top, _ := excelize.CoordinatesToCellName(1, src.HeaderRow+1)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: src.HeaderRow,
		TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, cells := range src.Preamble {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, toAny(cells)); err != nil {
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
	lines := 1
	for _, h := range src.Header {
		lines = max(lines, strings.Count(h, "\n")+1)
	}
	return sw.SetRow(cell, header, excelize.RowOpts{StyleID: w.styles.header, Height: 15 * float64(lines)})
}

// source maps a column of the rejects sheet back to its source column (-1
// for the two added columns).
func (rs *rejectSheet) source(i int) int {
	switch {
	case i == rs.originCol || i == rs.reasonCol:
		return -1
	case i >= rs.width && rs.originCol >= rs.width:
		return i - 2
	}
	return i
}

// widths fits each column to its header and the held rows: 8 to 50 units,
// the 错误原因 column 60 (it wraps).
func (rs *rejectSheet) widths(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		if i < len(rs.src.Header) {
			out[i] = displayWidth(rs.src.Header[i])
		}
	}
	out[rs.originCol] = max(out[rs.originCol], displayWidth(HeaderOrigin))
	for _, p := range rs.pending {
		for i, c := range p.cells {
			if cell, ok := c.(excelize.Cell); ok && i < n {
				out[i] = max(out[i], displayWidth(fmt.Sprint(shown(cell.Value))))
			}
		}
	}
	for i := range out {
		out[i] = min(max(out[i]+2, 8), 50)
	}
	out[rs.reasonCol] = 60
	return out
}

// shown is how a value reads in its cell, for its width (a date serial
// shows as yyyy-mm-dd).
func shown(v any) any {
	if f, ok := v.(float64); ok && f > 1000 && f < 100000 && f == float64(int(f)) {
		return "2006-01-02"
	}
	if v == nil {
		return ""
	}
	return v
}

func toAny(cells []string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = c
	}
	return out
}

// printable prints a sheet landscape, all its columns on the page width,
// the header rows repeated on every page.
func printable(f *excelize.File, sheet string) error {
	fit, wide, tall, a4 := true, 1, 0, 9
	landscape := "landscape"
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall})
}

// stagedRejects is the name pattern of a rejects workbook being written, in
// the folder it is renamed into when it is whole.
const stagedRejects = ".rejects-*.xlsx"

// IsStagedRejects reports whether name is that of a rejects workbook being
// written (or left by a run killed while it wrote one).
func IsStagedRejects(name string) bool {
	mid, pre := strings.CutPrefix(name, ".rejects-")
	mid, suf := strings.CutSuffix(mid, ".xlsx")
	return pre && suf && mid != "" && strings.Trim(mid, "0123456789") == "" // os.CreateTemp's random part
}

// RemoveStagedRejects removes the rejects workbooks a killed run left half
// written in dir: they hold rejected rows, personal data, and the run that
// resumes writes its own. The caller holds dir (no run is writing there).
func RemoveStagedRejects(dir string) error {
	paths, err := filepath.Glob(filepath.Join(dir, stagedRejects))
	if err != nil {
		return err
	}
	for _, p := range paths {
		if !IsStagedRejects(filepath.Base(p)) {
			continue
		}
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}
