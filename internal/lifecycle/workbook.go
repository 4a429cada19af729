package lifecycle

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"ezz/internal/input"
	"ezz/internal/text"
)

// Request is one row of a bulk-change workbook: which certificate, what to
// do, why, and the new values of an alteration or extension.
type Request struct {
	Row        string // "Sheet1!3": the row's key, stable across reruns
	Identifier string // the certificate's identifier (any version), or ""
	Number     string // or its certificate number (证照编号)
	Action     Action
	Reason     string
	Until      string            // extend: the new validity end (YYYY-MM-DD)
	Values     map[string]string // alter: new values by column header (item label or id)
	Cells      []string          // the row as read, for the rejects workbook
}

// Limits on a bulk-change workbook.
const (
	MaxWorkbookBytes = 64 << 20
	MaxRequests      = 100_000
	maxColumns       = 256
	maxCell          = 4096
)

// columns maps the recognised headers (Chinese or English) to their field.
var columns = map[string]string{
	"证照标识": "identifier", "identifier": "identifier",
	"证照编号": "number", "number": "number", "certificate number": "number",
	"操作": "action", "action": "action",
	"原因": "reason", "reason": "reason", "变更原因": "reason",
	"有效期至": "until", "until": "until", "有效期截止日期": "until",
	"拒绝原因": "ignore", "reject reason": "ignore", // a rejects workbook applied again
}

// ReadWorkbook reads the first sheet of a bulk-change workbook (.xlsx, or a
// UTF-8 .csv): a header row
// (证照标识 or 证照编号, 操作, 原因, 有效期至 for extensions, and any data
// item of the template for alterations), then one change per row. It returns
// the header and the requests; a row that cannot be understood is returned
// with its problem in bad, keyed by row.
func ReadWorkbook(path string) (header []string, reqs []Request, bad map[string]text.T, err error) {
	data, err := ReadWorkbookFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	return ParseWorkbook(path, data)
}

// ReadWorkbookFile reads the workbook at path: a regular file of at most
// MaxWorkbookBytes (input.Read). A caller that also hashes the workbook
// hashes these bytes, so that what is hashed is what ParseWorkbook reads.
func ReadWorkbookFile(path string) ([]byte, error) {
	data, err := input.Read(path, MaxWorkbookBytes)
	if err != nil && !errors.As(err, new(*text.Error)) { // an *fs.PathError
		err = text.Wrap(err, "读取 %s 失败", "read %s", path)
	}
	return data, err
}

// ParseWorkbook is ReadWorkbook of data, the contents of the workbook at path.
func ParseWorkbook(path string, data []byte) (header []string, reqs []Request, bad map[string]text.T, err error) {
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return readCSV(path, data)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: 8 * MaxWorkbookBytes, UnzipXMLSizeLimit: 4 * MaxWorkbookBytes})
	if err != nil {
		return nil, nil, nil, text.Wrap(err, "无法以 .xlsx 打开 %s", "open %s as .xlsx", path)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, nil, text.Wrap(err, "读取工作表 %s 失败", "read sheet %s", sheet)
	}
	defer rows.Close()
	return readRows(sheet, rows)
}

type rowSource interface {
	Next() bool
	Columns(...excelize.Options) ([]string, error)
	Error() error
}

func readRows(sheet string, rows rowSource) ([]string, []Request, map[string]text.T, error) {
	var header []string
	var reqs []Request
	bad := map[string]text.T{}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, nil, text.Wrap(err, "读取第 %d 行失败", "read row %d", n)
		}
		if err := checkCells(cells, n); err != nil {
			return nil, nil, nil, err
		}
		if header == nil {
			if header, err = readHeader(cells); err != nil {
				return nil, nil, nil, err
			}
			continue
		}
		if blank(cells) {
			continue
		}
		if len(reqs) >= MaxRequests {
			return nil, nil, nil, text.Errorf("超过 %d 行", "more than %d rows", MaxRequests).WithHint("请分成几个工作簿", "split the workbook")
		}
		r, problem := request(header, cells, fmt.Sprintf("%s!%d", sheet, n))
		if !problem.IsZero() {
			bad[r.Row] = problem
		}
		reqs = append(reqs, r)
	}
	if header == nil {
		return nil, nil, nil, text.Errorf("工作表 %s 是空的", "sheet %s is empty", sheet)
	}
	return header, reqs, bad, rows.Error()
}

func checkCells(cells []string, n int) error {
	if len(cells) > maxColumns {
		return text.Errorf("第 %d 行超过 %d 列", "row %d has more than %d columns", n, maxColumns)
	}
	for _, c := range cells {
		if len(c) > maxCell {
			return text.Errorf("第 %d 行有超过 %d 字节的单元格", "row %d has a cell longer than %d bytes", n, maxCell)
		}
	}
	return nil
}

func readHeader(cells []string) ([]string, error) {
	h := make([]string, len(cells))
	seen := map[string]bool{}
	for i, c := range cells {
		h[i] = strings.TrimSpace(c)
		if f := columns[strings.ToLower(h[i])]; f != "" && f != "ignore" {
			if seen[f] {
				return nil, text.Errorf("表头有两列都是 %s", "two header columns mean %s", f)
			}
			seen[f] = true
		}
	}
	if !seen["action"] || !seen["reason"] || (!seen["identifier"] && !seen["number"]) {
		return nil, text.Errorf("表头缺少必需的列", "the header lacks a required column").
			WithHint("第一行须有：证照标识（或证照编号）、操作、原因", "row 1 must name: 证照标识 (identifier) or 证照编号 (number), 操作 (action), 原因 (reason)")
	}
	return h, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// request reads one row; the problem is zero when the row is understood.
func request(header, cells []string, key string) (Request, text.T) {
	r := Request{Row: key, Values: map[string]string{}, Cells: cells}
	var action string
	for i, h := range header {
		v := ""
		if i < len(cells) {
			v = strings.TrimSpace(cells[i])
		}
		switch columns[strings.ToLower(h)] {
		case "identifier":
			r.Identifier = v
		case "number":
			r.Number = v
		case "action":
			action = v
		case "reason":
			r.Reason = v
		case "until":
			r.Until = v
		case "ignore":
		default:
			if v != "" && h != "" {
				r.Values[h] = v
			}
		}
	}
	return r, r.check(action)
}

func (r *Request) check(action string) text.T {
	a, err := ParseAction(action)
	if err != nil {
		return text.Of(err)
	}
	r.Action = a
	switch {
	case r.Identifier == "" && r.Number == "":
		return text.New("缺少证照标识或证照编号", "neither an identifier nor a certificate number")
	case r.Reason == "":
		return text.New("缺少原因", "no reason given")
	case a == Extend && !isDate(r.Until):
		return text.F("延续须在“有效期至”填写 YYYY-MM-DD 日期（现为 %q）", "extend needs the new validity end as YYYY-MM-DD under until (got %q)", r.Until)
	case a == Alter && len(r.Values) == 0:
		return text.New("变更须至少填写一项新值", "alter needs at least one new value")
	case !a.NewVersion() && len(r.Values) > 0:
		return text.F("%s 不接受新值", "%s takes no new values", a.Name())
	}
	return text.T{}
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
