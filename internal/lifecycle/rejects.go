package lifecycle

import (
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"ezz/internal/text"
)

// Rejected is a workbook row that was not applied, with why.
type Rejected struct {
	Request
	Reason text.T
}

// WriteRejects writes the rejected rows as a workbook: the header and cells
// as read, then the reason in Chinese and in English, so that the clerk can
// fix the rows and apply the workbook of rejects. It writes a temporary file
// and renames it, so that a stopped run never leaves half a workbook.
func WriteRejects(path string, header []string, rejected []Rejected) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", row(append(append([]string{}, header...), "拒绝原因", "reject reason"))); err != nil {
		return err
	}
	for i, r := range rejected {
		cells := make([]string, len(header))
		copy(cells, r.Cells)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row(append(cells, r.Reason.Zh, r.Reason.En))); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp.xlsx")
	if err != nil {
		return text.Wrap(err, "写拒绝工作簿失败", "write the rejects workbook")
	}
	tmp.Close()
	if err := f.SaveAs(tmp.Name()); err != nil {
		os.Remove(tmp.Name())
		return text.Wrap(err, "写拒绝工作簿失败", "write the rejects workbook")
	}
	return os.Rename(tmp.Name(), path)
}

func row(cells []string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = c
	}
	return out
}

// RejectsPath is where the rejects of a workbook go: next to it, as
// NAME.rejects.xlsx.
func RejectsPath(workbook string) string {
	ext := filepath.Ext(workbook)
	return workbook[:len(workbook)-len(ext)] + ".rejects.xlsx"
}
