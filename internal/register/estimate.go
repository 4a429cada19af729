package register

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strconv"
)

// EstimatedRows is how many data rows the mapped sheets hold, from each
// sheet's recorded dimension (read from the first bytes of its XML, so it
// costs nothing on a large register), or 0 when the workbook does not say.
// It is meant for progress and ETA, not for accounting.
func (r *Register) EstimatedRows() int {
	var dims map[string]int
	if r.fast != nil {
		dims = sheetDimensions(r.fast.zr)
	} else if zr, err := zip.OpenReader(r.path); err == nil {
		dims = sheetDimensions(&zr.Reader)
		zr.Close()
	}
	total := 0
	for _, s := range r.sheets {
		if last, ok := dims[s.Name]; ok && last > s.HeaderRow {
			total += last - s.HeaderRow
		}
	}
	return total
}

var dimRe = regexp.MustCompile(`<dimension ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"`)

// sheetDimensions maps sheet names to the last row of their dimension.
func sheetDimensions(zr *zip.Reader) map[string]int {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if readXML(zr, "xl/workbook.xml", &wb) != nil || readXML(zr, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return nil
	}
	target := map[string]string{}
	for _, rel := range rels.Rels {
		target[rel.ID] = path.Join("xl", rel.Target)
	}
	dims := map[string]int{}
	for _, s := range wb.Sheets {
		if n := lastRow(zr, target[s.RID]); n > 0 {
			dims[s.Name] = n
		}
	}
	return dims
}

func readXML(zr *zip.Reader, name string, v any) error {
	f, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(io.LimitReader(f, 8<<20)).Decode(v)
}

// lastRow is the last row of a sheet: its recorded dimension when the writer
// kept one (Excel and WPS do), else an estimate from the XML size and the
// bytes per row of its first 64 KiB (excelize's stream writer records "A1").
func lastRow(zr *zip.Reader, name string) int {
	var size uint64
	for _, f := range zr.File {
		if f.Name == name {
			size = f.UncompressedSize64
		}
	}
	f, err := zr.Open(name)
	if err != nil {
		return 0
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
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
	return int(float64(size-uint64(first)) / perRow)
}
