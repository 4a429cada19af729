package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits of the CSV reader: one record (a row, with its quoted line breaks)
// and its cells.
const (
	maxCSVRow   = 16 << 20
	maxCSVCells = 16384
)

// csvBook is a CSV text file: one sheet named after the file, every cell
// text. Its encoding is found from its bytes: a UTF-8 or UTF-16 byte-order
// mark, else UTF-8 if every byte sequence is UTF-8, else GB18030 (which
// includes GBK and GB2312, the encodings of Chinese Windows).
type csvBook struct {
	f        *os.File
	name     string
	enc      encoding.Encoding // nil: UTF-8
	skip     int               // bytes of byte-order mark
	sep      rune
	Encoding string // "utf-8", "utf-8-bom", "utf-16", "gb18030"
}

func openCSV(f *os.File, path string, tabs bool) (Book, error) {
	b := &csvBook{f: f, name: csvSheetName(path), sep: ','}
	if err := b.detect(); err != nil {
		return nil, fmt.Errorf("read register %q: %w", path, err)
	}
	if tabs || b.tabbed() {
		b.sep = '\t'
	}
	return b, nil
}

// detect finds the encoding.
func (b *csvBook) detect() error {
	var head [4]byte
	n, _ := b.f.ReadAt(head[:], 0)
	switch h := head[:n]; {
	case bytes.HasPrefix(h, []byte("\xEF\xBB\xBF")):
		b.skip, b.Encoding = 3, "utf-8-bom"
	case bytes.HasPrefix(h, []byte("\xFF\xFE")) || bytes.HasPrefix(h, []byte("\xFE\xFF")):
		b.enc, b.Encoding = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16"
	default:
		ok, err := allUTF8(io.NewSectionReader(b.f, 0, MaxFileBytes))
		if err != nil {
			return err
		}
		b.Encoding = "utf-8"
		if !ok {
			b.enc, b.Encoding = simplifiedchinese.GB18030, "gb18030"
		}
	}
	return nil
}

// allUTF8 reports whether r holds UTF-8 only.
func allUTF8(r io.Reader) (bool, error) {
	buf := make([]byte, 64<<10)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		data := buf[:carry+n]
		end := len(data)
		if err == nil { // more to come: keep an incomplete last rune for the next round
			end = completeRunes(data)
		}
		if !utf8.Valid(data[:end]) {
			return false, nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		carry = copy(buf, data[end:])
	}
}

// completeRunes is the length of data without an incomplete UTF-8 sequence
// at its end (a rune cut by the end of a read buffer).
func completeRunes(data []byte) int {
	p := len(data) - 1
	for p > 0 && len(data)-p < utf8.UTFMax && !utf8.RuneStart(data[p]) {
		p--
	}
	if p < 0 || utf8.FullRune(data[p:]) {
		return len(data)
	}
	return p
}

// tabbed reports whether the first line separates with tabs and not commas
// (Excel's "Unicode text" export).
func (b *csvBook) tabbed() bool {
	br := bufio.NewReader(b.text())
	line, _ := br.ReadString('\n')
	return strings.Contains(line, "\t") && !strings.Contains(line, ",")
}

// text is the file decoded to UTF-8.
func (b *csvBook) text() io.Reader {
	var r io.Reader = io.NewSectionReader(b.f, int64(b.skip), MaxFileBytes)
	if b.enc != nil {
		r = transform.NewReader(r, b.enc.NewDecoder())
	}
	return r
}

// csvSheetName is the name Excel gives the one sheet of a CSV file: the
// file's name without its extension, cut to 31 characters, without the
// characters a sheet name may not hold.
func csvSheetName(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	base = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, base)
	if r := []rune(base); len(r) > 31 {
		base = string(r[:31])
	}
	if base == "" {
		base = "Sheet1"
	}
	return base
}

// Format is "csv".
func (b *csvBook) Format() string { return "csv" }

// Sheets is the one sheet.
func (b *csvBook) Sheets() []string { return []string{b.name} }

// EstimatedRows is 0: a CSV file does not say.
func (b *csvBook) EstimatedRows(string) int { return 0 }

// Close releases the file.
func (b *csvBook) Close() error { return b.f.Close() }

// Rows reads the records from the start.
func (b *csvBook) Rows(sheet string) (Rows, error) {
	if sheet != b.name {
		return nil, fmt.Errorf("no sheet %q in a CSV file", sheet)
	}
	lim := &rowLimit{r: b.text()}
	cr := csv.NewReader(lim)
	cr.Comma = b.sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return &csvRows{cr: cr, lim: lim}, nil
}

// rowLimit fails a read once more than maxCSVRow bytes went by since the
// last reset: csv.Reader holds a whole record in memory.
type rowLimit struct {
	r io.Reader
	n int
}

var errCSVRow = fmt.Errorf("a row holds more than %d MiB", maxCSVRow>>20)

func (l *rowLimit) Read(p []byte) (int, error) {
	if l.n > maxCSVRow+64<<10 {
		return 0, errCSVRow
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

type csvRows struct {
	cr      *csv.Reader
	lim     *rowLimit
	num     int
	endLine int // the line the last record ended on
	cells   int // of the last row
	types   sharedTypes
	text    []Type // scratch: every cell text
}

func (r *csvRows) Next() (int, []string, error) {
	r.lim.n = 0
	rec, err := r.cr.Read()
	if errors.Is(err, io.EOF) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, formatErr(fmt.Errorf("row %d: %w", r.num+1, err))
	}
	// encoding/csv skips empty lines: each is an empty row, as in a spreadsheet.
	start, _ := r.cr.FieldPos(0)
	r.num += 1 + max(start-r.endLine-1, 0)
	last, _ := r.cr.FieldPos(len(rec) - 1)
	r.endLine = last + strings.Count(rec[len(rec)-1], "\n")
	if len(rec) > maxCSVCells {
		return 0, nil, formatErr(fmt.Errorf("row %d has %d cells, more than %d", r.num, len(rec), maxCSVCells))
	}
	for len(rec) > 0 && rec[len(rec)-1] == "" {
		rec = rec[:len(rec)-1]
	}
	for _, c := range rec {
		if !utf8.ValidString(c) || strings.ContainsRune(c, utf8.RuneError) {
			return 0, nil, formatErr(fmt.Errorf("row %d: text that is not in the file's encoding", r.num))
		}
	}
	r.cells = len(rec)
	return r.num, rec, nil
}

// Types: every cell of a CSV file is text.
func (r *csvRows) Types() []Type {
	if len(r.text) < r.cells {
		r.text = make([]Type, r.cells)
	}
	return r.types.of(r.text[:r.cells])
}

func (r *csvRows) Close() error { return nil }
