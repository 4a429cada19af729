package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Exported is one entry of an export with its proof material: its leaf
// hash and its audit path in the export's head (none when the entry came
// after the head).
type Exported struct {
	Entry  Entry  `json:"entry"`
	Pruned bool   `json:"pruned,omitempty"` // the body was removed past retention; the leaf stays
	Leaf   Hash   `json:"leaf"`
	Path   []Hash `json:"path,omitempty"`
	Sealed bool   `json:"sealed"` // under the export's head
}

// ExportWriter writes an export, entry by entry.
type ExportWriter interface {
	Entry(x *Exported) error
	Close() error
}

// JSONL writes one JSON object a line: first {"head": …, "heads": […]},
// then {"entry": …, "leaf": …, "path": […]} per entry (docs/audit.md).
type JSONL struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewJSONL starts a JSON Lines export against head, listing every head.
func NewJSONL(w io.Writer, head Head, heads []Head) (*JSONL, error) {
	j := &JSONL{w: bufio.NewWriterSize(w, 64<<10)}
	j.enc = json.NewEncoder(j.w)
	j.enc.SetEscapeHTML(false)
	return j, j.enc.Encode(map[string]any{"format": "ezz-audit-export-v1", "head": head, "heads": heads})
}

// Entry writes one line.
func (j *JSONL) Entry(x *Exported) error { return j.enc.Encode(x) }

// Close flushes the lines.
func (j *JSONL) Close() error { return j.w.Flush() }

// xlsxHeader is the header row of an xlsx export, in Chinese for inspectors.
var xlsxHeader = []any{"序号", "时间（北京时间）", "操作人", "工作站", "操作", "对象", "批次", "结果", "保存类别", "来源", "详情", "叶哈希（SM3）", "已清理"}

// XLSX writes one row per entry to a workbook with Chinese headers.
type XLSX struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	out io.Writer
	row int
	loc *time.Location
}

// NewXLSX starts an xlsx export; Close writes the workbook to w.
func NewXLSX(w io.Writer, loc *time.Location) (*XLSX, error) {
	f := excelize.NewFile()
	const sheet = "审计日志"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	x := &XLSX{f: f, sw: sw, out: w, row: 1, loc: loc}
	if err := sw.SetColWidth(1, len(xlsxHeader), 18); err != nil {
		return nil, err
	}
	return x, x.write(xlsxHeader)
}

func (x *XLSX) write(cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	x.row++
	return x.sw.SetRow(cell, cells)
}

// Entry writes one row; the time is shown in the export's zone.
func (x *XLSX) Entry(e *Exported) error {
	at := e.Entry.At
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		at = t.In(x.loc).Format("2006-01-02 15:04:05")
	}
	pruned := ""
	if e.Pruned {
		pruned = "是"
	}
	return x.write([]any{e.Entry.Index, at, e.Entry.Operator, e.Entry.Station, e.Entry.Action, e.Entry.Subject,
		e.Entry.Batch, e.Entry.Outcome, retentionZh[e.Entry.Retention], sourceZh[e.Entry.Source], e.Entry.Detail, e.Leaf.String(), pruned})
}

var (
	retentionZh = map[string]string{RetainAccess: "访问日志（至少 3 年）", RetainLifecycle: "证照生命周期（与证照同期）", RetainSystem: "系统（永久）"}
	sourceZh    = map[string]string{SourceEvent: "台账事件", SourceAccess: "访问日志"}
)

// Close finishes the workbook and writes it.
func (x *XLSX) Close() error {
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("xlsx export: %w", err)
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return fmt.Errorf("xlsx export: %w", err)
	}
	return x.f.Close()
}
