package sheet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/richardlehane/mscfb"

	"ezz/internal/text"
)

// An Excel 97–2003 workbook (.xls) is an OLE compound file whose "Workbook"
// stream holds BIFF8 records: the workbook globals (shared strings, number
// formats, cell styles, the sheets' offsets), then one substream per sheet.
// The compound file is read with mscfb; the records are read here, bounded
// by the stream, which is bounded by the file.

// maxSheets bounds the sheets of a workbook.
const maxSheets = 4096

// recoverXLS turns a panic of the .xls reader into an error naming the
// file; the fuzz test turns it off to see the panics.
var recoverXLS = true

// xlsBook is an open .xls workbook, its Workbook stream held in memory.
type xlsBook struct {
	path    string
	stream  []byte
	g       *xlsGlobals
	names   []string
	offsets map[string]int
}

// openXLS opens an Excel 97–2003 workbook. A malformed file gives an error
// naming it, never a panic.
func openXLS(f *os.File, path string) (b Book, err error) {
	defer func() {
		if !recoverXLS {
			return
		}
		if r := recover(); r != nil {
			b, err = nil, xlsError(path, fmt.Errorf("malformed file (%v)", r))
		}
	}()
	stream, err := workbookStream(f, path)
	if err != nil {
		return nil, err
	}
	g, err := readGlobals(stream)
	switch {
	case errors.Is(err, errEncrypted):
		return nil, encryptedError(path)
	case errors.Is(err, errBIFF5):
		return nil, biff5Error(path)
	case err != nil:
		return nil, xlsError(path, err)
	}
	xb := &xlsBook{path: path, stream: stream, g: g, offsets: map[string]int{}}
	for _, s := range g.sheets {
		if _, dup := xb.offsets[s.name]; !dup {
			xb.names = append(xb.names, s.name)
			xb.offsets[s.name] = s.pos
		}
	}
	f.Close() // the stream is in memory
	return xb, nil
}

// workbookStream checks the compound file's declared sizes against the
// file's and reads its Workbook stream.
func workbookStream(f *os.File, path string) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, text.Wrap(err, "读取登记表失败", "read register")
	}
	if err := checkOLEHeader(f, st.Size()); err != nil {
		return nil, xlsError(path, err)
	}
	doc, err := mscfb.New(f)
	if err != nil {
		return nil, xlsError(path, err)
	}
	var book bool
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		switch {
		case e.Name == "Workbook" && len(e.Path) == 0:
			if e.Size > st.Size() || e.Size > MaxFileBytes {
				return nil, xlsError(path, fmt.Errorf("the Workbook stream declares %d bytes, more than the file's %d", e.Size, st.Size()))
			}
			buf, err := readStream(e, e.Size)
			if err != nil {
				return nil, xlsError(path, fmt.Errorf("read the Workbook stream: %w", err))
			}
			return buf, nil
		case e.Name == "Book" && len(e.Path) == 0:
			book = true
		}
	}
	if book {
		return nil, biff5Error(path)
	}
	return nil, xlsError(path, errors.New("the compound file has no Workbook stream (a Word or WPS document?)"))
}

// streamChunk is how much of a stream one read asks mscfb for: mscfb lists
// a read's sectors and merges the adjacent ones in time quadratic in their
// number, so a whole stream read at once takes hours for a large file.
const streamChunk = 256 << 10

// readStream reads a compound file stream of size bytes, a chunk at a time.
func readStream(r io.Reader, size int64) ([]byte, error) {
	buf := make([]byte, size)
	for at := int64(0); at < size; at += streamChunk {
		if _, err := io.ReadFull(r, buf[at:min(at+streamChunk, size)]); err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// checkOLEHeader refuses a compound file whose header declares more
// sectors of any kind than the file has room for.
func checkOLEHeader(f *os.File, size int64) error {
	var h [76]byte
	if _, err := f.ReadAt(h[:], 0); err != nil {
		return fmt.Errorf("read the compound file header: %w", err)
	}
	shift := binary.LittleEndian.Uint16(h[30:])
	if shift != 9 && shift != 12 {
		return fmt.Errorf("sector size 2^%d is neither 512 nor 4096 bytes", shift)
	}
	sectors := size >> shift
	for _, c := range []struct {
		what string
		at   int
	}{{"directory", 40}, {"FAT", 44}, {"mini FAT", 64}, {"DIFAT", 72}} {
		if n := int64(binary.LittleEndian.Uint32(h[c.at:])); n > sectors {
			return fmt.Errorf("the header declares %d %s sectors, more than the file's %d", n, c.what, sectors)
		}
	}
	return nil
}

// Format is "xls".
func (b *xlsBook) Format() string { return "xls" }

// Sheets lists the worksheets in workbook order.
func (b *xlsBook) Sheets() []string { return b.names }

// Close releases the stream.
func (b *xlsBook) Close() error {
	b.stream = nil
	return nil
}

// Rows starts reading a sheet.
func (b *xlsBook) Rows(name string) (Rows, error) {
	pos, ok := b.offsets[name]
	if !ok || b.stream == nil {
		return nil, xlsError(b.path, fmt.Errorf("no worksheet %q", name))
	}
	r := &xlsRows{path: b.path, g: b.g, rd: biffReader{b: b.stream, pos: pos}}
	if err := r.start(); err != nil {
		return nil, xlsError(b.path, err)
	}
	return r, nil
}

// EstimatedRows is the sheet's DIMENSIONS record's last row.
func (b *xlsBook) EstimatedRows(name string) int {
	pos, ok := b.offsets[name]
	if !ok || b.stream == nil {
		return 0
	}
	return sheetDimension(b.stream, pos)
}

var errBIFF5 = errors.New("an Excel 5.0/95 workbook")

// xlsError is an .xls file the reader cannot read.
func xlsError(path string, err error) error {
	return (&text.Error{
		Msg: text.F("登记表 %q（Excel 97–2003 工作簿 .xls）无法读取：%v", "register %q (Excel 97–2003 workbook, .xls) cannot be read: %v", path, err),
		Err: err,
	}).WithHint("文件可能已损坏：请用 Excel、WPS 或 LibreOffice 打开它，另存为 Excel 工作簿（.xlsx）后重试",
		"the file may be damaged: open it in Excel, WPS or LibreOffice, save it as an Excel workbook (.xlsx) and try again")
}

func biff5Error(path string) error {
	return text.Errorf("登记表 %q 是 Excel 5.0/95 工作簿，ezz 只读取 Excel 97 及以后的格式", "register %q is an Excel 5.0/95 workbook; ezz reads Excel 97 and later", path).
		WithHint("请用 Excel、WPS 或 LibreOffice 打开它，另存为 Excel 工作簿（.xlsx）后重试", "open it in Excel, WPS or LibreOffice, save it as an Excel workbook (.xlsx) and try again")
}
