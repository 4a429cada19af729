package register

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"
)

// fastBook is the workbook opened a second time, with archive/zip, for the
// fast row reader: its worksheet parts by sheet name and its shared strings.
// Anything unusual about the package makes openFastBook fail, and the rows
// are then read with excelize as before.
type fastBook struct {
	zr    *zip.Reader
	names []string             // the sheets, in workbook order
	parts map[string]*zip.File // sheet name → worksheet part
	sst   []string
}

const officeDocRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

// openFastBook reads the package in f (closed by the caller) and loads its
// shared strings.
func openFastBook(f *os.File) (*fastBook, error) {
	if f == nil {
		return nil, errors.New("no file")
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, err
	}
	b := &fastBook{zr: zr, parts: map[string]*zip.File{}}
	if err := b.load(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *fastBook) load() error {
	files := map[string]*zip.File{}
	for _, f := range b.zr.File {
		// excelize rewrites \ to / and folds the case of some part names;
		// rather than copy that, leave such packages to excelize.
		if _, dup := files[strings.ToLower(f.Name)]; dup || strings.Contains(f.Name, "\\") {
			return fmt.Errorf("zip entry %q is ambiguous", f.Name)
		}
		files[strings.ToLower(f.Name)] = f
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
func (b *fastBook) mapSheets(files map[string]*zip.File) error {
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

// sheet opens the worksheet part of a sheet for the fast reader; ok is
// false when the sheet is to be read with excelize instead.
func (b *fastBook) sheet(name string) (src *fastSource, ok bool) {
	if b == nil {
		return nil, false
	}
	f, found := b.parts[name]
	if !found {
		return nil, false
	}
	rc, err := f.Open()
	if err != nil {
		return nil, false
	}
	br, err := utf8Part(rc)
	if err != nil {
		rc.Close()
		return nil, false
	}
	return &fastSource{rd: newSheetReader(br, b.sst), rc: rc}, true
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

// fastSource reads one sheet's rows with the fast reader.
type fastSource struct {
	rd *sheetReader
	rc io.Closer
}

func (s *fastSource) next() (int, []string, error) {
	num, cells, err := s.rd.next()
	if err != nil {
		return 0, nil, &formatError{err}
	}
	return num, cells, nil
}

// formatError is something in a worksheet the reader does not understand.
type formatError struct{ err error }

func (e *formatError) Error() string { return e.err.Error() }
func (e *formatError) Unwrap() error { return e.err }

// Hint tells the clerk what to do about it.
func (e *formatError) Hint() string {
	return "the worksheet is not written the way Excel writes it: open the register in Excel or WPS, save it again as .xlsx and run the command again"
}
func (s *fastSource) close() error { return s.rc.Close() }

// readXML decodes the package part name into v (at most 8 MiB of it).
func readXML(zr *zip.Reader, name string, v any) error {
	f, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(io.LimitReader(f, 8<<20)).Decode(v)
}
