package register

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
)

// EstimatedRows is how many data rows the mapped sheets hold, from each
// sheet's recorded dimension (read from the first bytes of its XML, so it
// costs nothing on a large register), or 0 when the workbook does not say.
// It is meant for progress and ETA, not for accounting.
func (r *Register) EstimatedRows() int {
	if r.fast == nil {
		return 0
	}
	total := 0
	for _, s := range r.sheets {
		if f, ok := r.fast.parts[s.Name]; ok {
			if last := lastRow(f); last > s.HeaderRow {
				total += last - s.HeaderRow
			}
		}
	}
	return total
}

var dimRe = regexp.MustCompile(`<(?:\w+:)?dimension ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"`)

// lastRow is the last row of a worksheet part: its recorded dimension when the
// writer kept one (Excel and WPS do), else an estimate from the XML size and the
// bytes per row of its first 64 KiB (excelize's stream writer records "A1").
func lastRow(f *zip.File) int {
	rc, err := f.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(rc, head)
	head = head[:n]
	if m := dimRe.FindSubmatch(head); m != nil {
		last, _ := strconv.Atoi(string(m[1]))
		return last
	}
	first := bytes.Index(head, []byte("<row "))
	rows := bytes.Count(head, []byte("<row "))
	if first < 0 || rows < 2 {
		return rows
	}
	perRow := float64(bytes.LastIndex(head, []byte("<row "))-first) / float64(rows-1)
	return int(float64(f.UncompressedSize64-uint64(first)) / perRow)
}
