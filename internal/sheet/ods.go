package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

const odsMime = "application/vnd.oasis.opendocument.spreadsheet"

// Limits of the OpenDocument reader beyond the zip package's: a repeated
// row or cell stands for many, so what the repeats expand to is bounded.
const (
	maxODSRows  = 1 << 20 // rows of a sheet, as Excel allows
	maxODSCols  = 16384   // cells of a row
	maxODSCells = 8 << 20 // cells handed out for one sheet, repeats expanded
)

// isODS reports whether the package is an OpenDocument spreadsheet: its
// first part is the mimetype naming one.
func isODS(zr *zip.Reader) bool {
	if len(zr.File) == 0 || zr.File[0].Name != "mimetype" || zr.File[0].UncompressedSize64 > 256 {
		return false
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 256))
	return string(b) == odsMime
}

// odsBook is an OpenDocument spreadsheet (.ods, as LibreOffice and WPS
// write it), read from its content.xml with the package's streaming tokenizer.
type odsBook struct {
	content *zip.File
	closer  io.Closer
	names   []string
}

func openODS(zr *zip.Reader, f io.Closer, path string) (Book, error) {
	b := &odsBook{closer: f}
	for _, zf := range zr.File {
		if zf.Name == "content.xml" {
			b.content = zf
		}
	}
	if b.content == nil {
		return nil, packageError(path, errors.New("no content.xml in the OpenDocument package"))
	}
	names, err := b.sheetNames()
	if err != nil {
		return nil, formatErr(err)
	}
	b.names = names
	return b, nil
}

// sheetNames scans content.xml for its tables.
func (b *odsBook) sheetNames() ([]string, error) {
	rd, rc, err := b.open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var names []string
	for {
		t, err := rd.sc.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tokEOF {
			return names, nil
		}
		if t.kind == tokStart && bytes.Equal(local(t.name), []byte("table")) {
			name, err := attr(t.attrs, "name")
			if err != nil {
				return nil, err
			}
			names = append(names, name)
			if len(names) > maxEntries {
				return nil, fmt.Errorf("more than %d sheets", maxEntries)
			}
		}
	}
}

func (b *odsBook) open() (*odsRows, io.Closer, error) {
	rc, err := b.content.Open()
	if err != nil {
		return nil, nil, err
	}
	br, err := utf8Part(rc)
	if err != nil {
		rc.Close()
		return nil, nil, err
	}
	return &odsRows{sc: newXMLScan(br, 64<<10, maxTokenBytes), rc: rc}, rc, nil
}

// Format is "ods".
func (b *odsBook) Format() string { return "ods" }

// Sheets lists the tables in document order.
func (b *odsBook) Sheets() []string { return b.names }

// EstimatedRows is 0: content.xml does not say before its end.
func (b *odsBook) EstimatedRows(string) int { return 0 }

// Close releases the file.
func (b *odsBook) Close() error {
	if b.closer == nil {
		return nil
	}
	err := b.closer.Close()
	b.closer = nil
	return err
}

// Rows reads one table from the start of content.xml.
func (b *odsBook) Rows(name string) (Rows, error) {
	r, _, err := b.open()
	if err != nil {
		return nil, formatErr(err)
	}
	for {
		t, err := r.sc.next()
		if err != nil {
			r.rc.Close()
			return nil, formatErr(err)
		}
		if t.kind == tokEOF {
			r.rc.Close()
			return nil, formatErr(fmt.Errorf("no sheet %q", name))
		}
		if t.kind == tokStart && bytes.Equal(local(t.name), []byte("table")) && !t.self {
			if n, _ := attr(t.attrs, "name"); n == name {
				return r, nil
			}
		}
	}
}

// attr returns the decoded value of the attribute with local name want.
func attr(a []byte, want string) (string, error) {
	for {
		name, val, rest, ok, err := nextAttr(a)
		if err != nil || !ok {
			return "", err
		}
		if string(local(name)) == want {
			v, err := appendText(nil, val, false)
			return string(v), err
		}
		a = rest
	}
}

// odsSerial turns an ISO date or date-time into the Excel serial an .xlsx
// of the same content holds, so that both read alike.
func odsSerial(v string) (string, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, v); err == nil {
			d := t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
			return strconv.FormatFloat(d, 'f', -1, 64), true
		}
	}
	return "", false
}
