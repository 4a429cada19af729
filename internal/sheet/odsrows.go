package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// odsRows streams the rows of one table of content.xml.
type odsRows struct {
	shared sharedTypes
	sc     *xmlScan
	rc     io.Closer
	num    int // the last row number passed
	cells  int // cells handed out, repeats expanded
	done   bool

	repeat int // more copies of the last row to hand out
	last   []string
	types  []Type
}

// odsCell is one cell as read, before its repeats are expanded.
type odsCell struct {
	text string
	typ  Type
	set  bool // it holds a value
}

func (r *odsRows) Close() error { return r.rc.Close() }

func (r *odsRows) Types() []Type { return r.shared.of(r.types) }

func (r *odsRows) Next() (int, []string, error) {
	if r.repeat > 0 {
		r.repeat--
		return r.hand(r.last)
	}
	for !r.done {
		t, err := r.sc.next()
		if err != nil {
			return 0, nil, r.fail(err)
		}
		switch {
		case t.kind == tokEOF:
			return 0, nil, r.fail(errors.New("content.xml ends inside a table (truncated file?)"))
		case t.kind == tokEnd && bytes.Equal(local(t.name), []byte("table")):
			r.done = true
		case t.kind == tokStart && bytes.Equal(local(t.name), []byte("table-row")):
			cells, rep, err := r.row(t)
			if err != nil {
				return 0, nil, r.fail(err)
			}
			if len(cells) == 0 {
				r.num += rep
				continue
			}
			r.repeat = rep - 1
			return r.hand(cells)
		}
	}
	return 0, nil, nil
}

// hand returns the next row with cells, within the limits.
func (r *odsRows) hand(cells []string) (int, []string, error) {
	r.num++
	r.cells += len(cells)
	switch {
	case r.num > maxODSRows:
		return 0, nil, r.fail(fmt.Errorf("more than %d rows", maxODSRows))
	case r.cells > maxODSCells:
		return 0, nil, r.fail(fmt.Errorf("more than %d cells, repeats counted", maxODSCells))
	}
	r.last = cells
	return r.num, append([]string(nil), cells...), nil
}

func (r *odsRows) fail(err error) error { return fmt.Errorf("row %d: %w", r.num+1, err) }

// row reads a <table:table-row> whose start tag is t: its cells (trailing
// empty ones left out) and how many times it repeats.
func (r *odsRows) row(t *xmlTok) ([]string, int, error) {
	rep, err := repeated(t.attrs, "number-rows-repeated", maxODSRows)
	if err != nil || t.self {
		return nil, rep, err
	}
	var cells []string
	r.types = r.types[:0]
	col := 0
	for {
		t, err := r.sc.next()
		if err != nil {
			return nil, 0, err
		}
		switch {
		case t.kind == tokEOF:
			return nil, 0, errors.New("content.xml ends inside a row")
		case t.kind == tokEnd && bytes.Equal(local(t.name), []byte("table-row")):
			return cells, rep, nil
		case t.kind == tokStart && isCell(t.name):
			c, n, err := r.cell(t)
			if err != nil {
				return nil, 0, fmt.Errorf("cell %d: %w", col+1, err)
			}
			if col+n > maxODSCols && c.set {
				return nil, 0, fmt.Errorf("more than %d cells in a row", maxODSCols)
			}
			for i := 0; c.set && i < n; i++ {
				for len(cells) < col+i {
					cells, r.types = append(cells, ""), append(r.types, Type{})
				}
				cells, r.types = append(cells, c.text), append(r.types, c.typ)
			}
			col = min(col+n, maxODSCols+1)
		}
	}
}

func isCell(name []byte) bool {
	ln := local(name)
	return bytes.Equal(ln, []byte("table-cell")) || bytes.Equal(ln, []byte("covered-table-cell"))
}

// repeated reads a repeat count attribute (1 when absent).
func repeated(a []byte, name string, limit int) (int, error) {
	v, err := attr(a, name)
	if err != nil || v == "" {
		return 1, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > limit {
		return 0, fmt.Errorf("bad %s=%q", name, clip([]byte(v)))
	}
	return n, nil
}

// cell reads one cell: its value as an .xlsx of the same content holds it,
// and how many columns it repeats over.
func (r *odsRows) cell(t *xmlTok) (odsCell, int, error) {
	n, err := repeated(t.attrs, "number-columns-repeated", maxODSRows)
	if err != nil {
		return odsCell{}, 0, err
	}
	// The attributes point into the tokenizer's buffer: read them before the content.
	vt, _ := attr(t.attrs, "value-type")
	c := odsCell{set: vt != ""}
	switch vt {
	case "float", "percentage", "currency":
		c.text, _ = attr(t.attrs, "value")
		c.text, c.typ.Kind = canonExponent(c.text), Number
	case "date":
		v, _ := attr(t.attrs, "date-value")
		if s, ok := odsSerial(v); ok {
			c.text, c.typ = s, Type{Kind: Number, Format: "yyyy-mm-dd"}
		}
	case "boolean":
		v, _ := attr(t.attrs, "boolean-value")
		c.text, c.typ.Kind = "0", Bool
		if v == "true" {
			c.text = "1"
		}
	case "string":
		c.text, _ = attr(t.attrs, "string-value")
	}
	if t.self {
		return c, n, nil
	}
	text, err := r.cellText(t.name)
	if err != nil {
		return odsCell{}, 0, err
	}
	if c.text == "" {
		c.text = text
	}
	c.set = c.set || text != ""
	return c, n, nil
}

// cellText reads the paragraphs of a cell up to its end tag, one line each:
// spans and links as their text, <text:s> as spaces, tabs and line breaks
// as themselves; annotations left out.
func (r *odsRows) cellText(cellName []byte) (string, error) {
	var b strings.Builder
	paras := 0
	for depth := 1; depth > 0; {
		t, err := r.sc.next()
		if err != nil {
			return "", err
		}
		switch t.kind {
		case tokEOF:
			return "", errors.New("content.xml ends inside a cell")
		case tokText, tokCDATA:
			if depth > 1 {
				s, err := appendText(nil, t.data, t.kind == tokCDATA)
				if err != nil {
					return "", err
				}
				b.Write(s)
			}
		case tokStart:
			switch ln := string(local(t.name)); {
			case ln == "annotation":
				if err := skipElement(r.sc, t); err != nil {
					return "", err
				}
				continue
			case ln == "p" || ln == "h":
				if paras++; paras > 1 {
					b.WriteByte('\n')
				}
			case ln == "s":
				k, err := repeated(t.attrs, "c", maxCellBytes)
				if err != nil {
					return "", err
				}
				b.WriteString(strings.Repeat(" ", k))
			case ln == "tab":
				b.WriteByte('\t')
			case ln == "line-break":
				b.WriteByte('\n')
			}
			if !t.self {
				depth++
			}
		case tokEnd:
			depth--
		}
		if b.Len() > maxCellBytes {
			return "", fmt.Errorf("a cell holds more than %d bytes of text", maxCellBytes)
		}
	}
	return b.String(), nil
}

// skipElement skips the element whose start tag is t.
func skipElement(sc *xmlScan, t *xmlTok) error {
	if t.self {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := sc.next()
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
