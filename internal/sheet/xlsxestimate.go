package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
)

// EstimatedRows is the sheet's last row from its recorded dimension (read
// from the first bytes of its XML, so it costs nothing on a large register).
func (b *xlsxBook) EstimatedRows(sheet string) int {
	if f, ok := b.parts[sheet]; ok {
		return lastRow(f)
	}
	return 0
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
