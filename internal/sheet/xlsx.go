package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
)

// xlsxBook is an Office Open XML workbook (.xlsx, as Excel, WPS and
// LibreOffice write it) read with archive/zip and the package's own
// streaming reader: its worksheet parts by sheet name, its shared strings
// and its cell styles' number formats.
type xlsxBook struct {
	zr     *zip.Reader
	closer io.Closer
	names  []string             // the sheets, in workbook order
	parts  map[string]*zip.File // sheet name → worksheet part
	sst    []string
	styles []string // cell style index → number format code
}

const officeDocRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

// openXLSX reads the workbook structure of the package and loads its shared
// strings and styles; what does not look as Excel writes it is an error.
func openXLSX(zr *zip.Reader) (*xlsxBook, error) {
	b := &xlsxBook{zr: zr, parts: map[string]*zip.File{}}
	if err := b.load(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *xlsxBook) load() error {
	files := map[string]*zip.File{}
	for _, f := range b.zr.File {
		files[strings.ToLower(f.Name)] = f // checkZip refused names that fold together
	}
	if _, ok := files["encryptioninfo"]; ok {
		return errEncrypted
	}
	var root struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readXML(b.zr, "_rels/.rels", &root); err != nil {
		return err
	}
	for _, rel := range root.Rels {
		if rel.Type == officeDocRel && strings.TrimPrefix(rel.Target, "/") != "xl/workbook.xml" {
			return fmt.Errorf("workbook part %q is not xl/workbook.xml", rel.Target)
		}
	}
	if err := b.mapSheets(files); err != nil {
		return err
	}
	if err := b.loadStyles(files); err != nil {
		return fmt.Errorf("styles: %w", err)
	}
	f, ok := files["xl/sharedstrings.xml"]
	if !ok {
		return nil
	}
	if f.Name != "xl/sharedStrings.xml" {
		return fmt.Errorf("shared strings part named %q", f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	br, err := utf8Part(rc)
	if err != nil {
		return err
	}
	b.sst, err = readSST(br)
	return err
}

// mapSheets maps sheet names to worksheet parts as excelize does.
func (b *xlsxBook) mapSheets(files map[string]*zip.File) error {
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
	if err := readXML(b.zr, "xl/workbook.xml", &wb); err != nil {
		return err
	}
	if err := readXML(b.zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return err
	}
	for _, s := range wb.Sheets {
		b.names = append(b.names, s.Name)
		for _, rel := range rels.Rels {
			if rel.ID != s.RID {
				continue
			}
			p := strings.TrimPrefix(path.Clean("xl/"+rel.Target), "/")
			if strings.HasPrefix(rel.Target, "/") {
				p = strings.TrimPrefix(path.Clean(rel.Target), "/")
			}
			if f, ok := files[strings.ToLower(p)]; ok && f.Name == p {
				b.parts[s.Name] = f
			}
		}
	}
	return nil
}

// Format is "xlsx".
func (b *xlsxBook) Format() string { return "xlsx" }

// Sheets lists the sheets in workbook order.
func (b *xlsxBook) Sheets() []string { return b.names }

// Close releases the file.
func (b *xlsxBook) Close() error {
	if b.closer == nil {
		return nil
	}
	err := b.closer.Close()
	b.closer = nil
	return err
}

// Rows opens the worksheet part of a sheet.
func (b *xlsxBook) Rows(name string) (Rows, error) {
	f, found := b.parts[name]
	if !found {
		return nil, formatErr(fmt.Errorf("sheet %q has no worksheet part (a chart sheet?)", name))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, formatErr(err)
	}
	br, err := utf8Part(rc)
	if err != nil {
		rc.Close()
		return nil, formatErr(err)
	}
	return &xlsxRows{rd: newSheetReader(br, b.sst, b.styles), rc: rc}, nil
}

var encRe = regexp.MustCompile(`^<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']`)

// utf8Part returns a reader over an XML part that is UTF-8, or an error when
// it declares another encoding (excelize converts those; the fast reader does not).
func utf8Part(r io.Reader) (io.Reader, error) {
	head := make([]byte, 256)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	if bytes.HasPrefix(head, []byte{0xFE, 0xFF}) || bytes.HasPrefix(head, []byte{0xFF, 0xFE}) {
		return nil, errors.New("UTF-16 XML part")
	}
	if m := encRe.FindSubmatch(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))); m != nil && !strings.EqualFold(string(m[1]), "utf-8") {
		return nil, fmt.Errorf("XML part in %s", m[1])
	}
	return io.MultiReader(bytes.NewReader(head), r), nil
}

// xlsxRows reads one sheet's rows.
type xlsxRows struct {
	rd *sheetReader
	rc io.Closer
}

func (s *xlsxRows) Next() (int, []string, error) {
	num, cells, err := s.rd.next()
	if err != nil {
		return 0, nil, formatErr(err)
	}
	var types []Type
	for i, c := range cells {
		if strings.Contains(c, "E+0") || strings.Contains(c, "E-0") {
			if types == nil {
				types = s.rd.types()
			}
			if types[i].Kind == Number {
				cells[i] = canonExponent(c)
			}
		}
	}
	return num, cells, nil
}

func (s *xlsxRows) Types() []Type { return s.rd.types() }

func (s *xlsxRows) Close() error { return s.rc.Close() }

// readXML decodes the package part name into v (at most 8 MiB of it).
func readXML(zr *zip.Reader, name string, v any) error {
	zf, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer zf.Close()
	var f io.Reader = zf
	return xml.NewDecoder(io.LimitReader(f, 8<<20)).Decode(v)
}
