package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Limits of the fast reader (beyond them it fails, naming the sheet and row).
const (
	maxCellBytes  = 1 << 20  // decoded text of one cell (Excel allows 32,767 characters)
	maxRowBytes   = 16 << 20 // decoded text of one row, shared strings aside
	maxTokenBytes = 4 << 20  // one XML token (a tag, or a run of text)
	maxRowCells   = excelize.MaxColumns
)

// sheetReader streams the rows of one worksheet part and returns for each
// <row> element the cells excelize's Rows().Columns(RawCellValue) returns.
type sheetReader struct {
	sc      *xmlScan
	sst     []string
	styles  []string // cell style index → number format
	last    int      // number of the last row returned
	inData  bool
	rowName []byte

	text   []byte    // the row's decoded cell text
	refs   []cellRef // the row's cells
	val    []byte    // the current cell's <v>
	rich   []byte    // the current cell's <is>
	runs   []byte    // scratch for rich text runs
	nameC  []byte    // the current cell's qualified name
	typs   []Type    // scratch for types
	shared sharedTypes

	tokensOnly bool // no plainCell: every cell token by token (the tests compare the two)
}

type cellRef struct {
	col   int // 1-based
	sst   int // index into sst, or -1 for text[a:b]
	a, b  int
	kind  Kind
	style int // index into styles
}

func newSheetReader(r io.Reader, sst, styles []string) *sheetReader {
	return &sheetReader{sc: newXMLScan(r, 64<<10, maxTokenBytes), sst: sst, styles: styles}
}

// types returns the kinds and formats of the cells of the last row.
func (r *sheetReader) types() []Type {
	if len(r.refs) == 0 {
		return nil
	}
	out := r.typs[:0]
	for range r.refs[len(r.refs)-1].col {
		out = append(out, Type{})
	}
	r.typs = out
	for _, c := range r.refs {
		t := Type{Kind: c.kind}
		if c.style >= 0 && c.style < len(r.styles) {
			t.Format = r.styles[c.style]
		}
		out[c.col-1] = t
	}
	return r.shared.of(out)
}

var (
	nRow       = []byte("row")
	nSheetData = []byte("sheetData")
	nC         = []byte("c")
	nV         = []byte("v")
	nF         = []byte("f")
	nIS        = []byte("is")
	nT         = []byte("t")
	nR         = []byte("r")
	nS         = []byte("s")
	nExtLst    = []byte("extLst")
)

// next returns the next row: its number and its cells; num is 0 at the end.
func (r *sheetReader) next() (num int, cells []string, err error) {
	for {
		t, err := r.sc.next()
		if err != nil {
			return 0, nil, r.fail(err)
		}
		switch t.kind {
		case tokEOF:
			if r.inData {
				return 0, nil, r.fail(errors.New("the worksheet XML ends inside sheetData (truncated file?)"))
			}
			return 0, nil, nil
		case tokStart:
			switch ln := local(t.name); {
			case bytes.Equal(ln, nSheetData):
				if t.self {
					return 0, nil, nil
				}
				r.inData = true
			case bytes.Equal(ln, nRow):
				return r.row(t)
			case r.inData:
				// excelize would take a <c> here as a cell of the row before
				return 0, nil, r.fail(fmt.Errorf("unexpected element <%s> between rows", clip(t.name)))
			}
		case tokEnd:
			if bytes.Equal(local(t.name), nSheetData) {
				r.inData = false
				return 0, nil, nil
			}
		}
	}
}

// fail names the place of an error: the row after the last one read.
func (r *sheetReader) fail(err error) error {
	return fmt.Errorf("row %d: %w", r.last+1, err)
}

// row reads one <row> element whose start tag is t.
func (r *sheetReader) row(t *xmlTok) (int, []string, error) {
	num := r.last + 1
	for a := t.attrs; ; {
		name, val, rest, ok, err := nextAttr(a)
		if err != nil {
			return 0, nil, r.fail(err)
		}
		if !ok {
			break
		}
		if bytes.Equal(name, nR) {
			n, err := strconv.Atoi(string(val))
			if err != nil || n < 1 || n > excelize.TotalRows {
				return 0, nil, r.fail(fmt.Errorf("bad row number r=%q", clip(val)))
			}
			num = n
		}
		a = rest
	}
	if num <= r.last {
		return 0, nil, r.fail(fmt.Errorf("row %d comes after row %d: rows out of order", num, r.last))
	}
	r.last = num
	if t.self {
		return num, nil, nil
	}
	r.rowName = append(r.rowName[:0], t.name...)
	r.text, r.refs = r.text[:0], r.refs[:0]
	col := 0
	for {
		t, err := r.sc.next()
		if err != nil {
			return 0, nil, r.rowErr(err)
		}
		switch t.kind {
		case tokEOF:
			return 0, nil, r.rowErr(errors.New("unexpected end of the worksheet XML"))
		case tokStart:
			switch ln := local(t.name); {
			case bytes.Equal(ln, nC):
				if col, err = r.cell(t, col); err != nil {
					return 0, nil, r.rowErr(err)
				}
			case bytes.Equal(ln, nExtLst):
				if err := r.skip(t); err != nil {
					return 0, nil, r.rowErr(err)
				}
			default:
				return 0, nil, r.rowErr(fmt.Errorf("unexpected element <%s> in a row", clip(t.name)))
			}
		case tokEnd:
			if !bytes.Equal(t.name, r.rowName) {
				return 0, nil, r.rowErr(fmt.Errorf("element <%s> closed by </%s>", r.rowName, clip(t.name)))
			}
			return num, r.cells(), nil
		}
	}
}

func (r *sheetReader) rowErr(err error) error { return fmt.Errorf("row %d: %w", r.last, err) }

// cells builds the row's cells: one string for all its own text, the
// shared strings as they are.
func (r *sheetReader) cells() []string {
	if len(r.refs) == 0 {
		return nil
	}
	out := make([]string, r.refs[len(r.refs)-1].col)
	s := string(r.text)
	for _, c := range r.refs {
		if c.sst >= 0 {
			out[c.col-1] = r.sst[c.sst]
		} else {
			out[c.col-1] = s[c.a:c.b]
		}
	}
	return out
}

// skip skips the element whose start tag is t, with everything inside it.
func (r *sheetReader) skip(t *xmlTok) error {
	if t.self {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := r.sc.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			return errors.New("unexpected end of XML")
		case tokStart:
			if !t.self {
				depth++
			}
		case tokEnd:
			depth--
		}
	}
	return nil
}

// readText appends the character data of the element whose start tag is t
// (local name want) to dst, skipping elements nested in it (as encoding/xml
// does for a string).
func (r *sheetReader) readText(dst []byte, t *xmlTok, want []byte) ([]byte, error) {
	if t.self {
		return dst, nil
	}
	start := len(dst)
	for {
		t, err := r.sc.next()
		if err != nil {
			return dst, err
		}
		switch t.kind {
		case tokEOF:
			return dst, errors.New("unexpected end of XML in a cell")
		case tokText, tokCDATA:
			if dst, err = appendText(dst, t.data, t.kind == tokCDATA); err != nil {
				return dst, err
			}
			if len(dst)-start > maxCellBytes {
				return dst, fmt.Errorf("a cell holds more than %d bytes of text", maxCellBytes)
			}
		case tokStart:
			if err := r.skip(t); err != nil {
				return dst, err
			}
		case tokEnd:
			if !bytes.Equal(local(t.name), want) {
				return dst, fmt.Errorf("element <%s> closed by </%s>", want, clip(t.name))
			}
			return dst, nil
		}
	}
}
