package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// cell reads one <c> element whose start tag is t; prev is the column of the
// cell before it. It returns the cell's column.
func (r *sheetReader) cell(t *xmlTok, prev int) (int, error) {
	col, typ, style, err := r.cellAttrs(t.attrs, prev)
	if err != nil {
		return prev, err
	}
	if !knownType(typ) {
		return col, fmt.Errorf("cell %s: unknown cell type t=%q", r.at(col), typ)
	}
	if t.self {
		return col, nil // no value, no formula: excelize leaves it out
	}
	r.nameC = append(r.nameC[:0], t.name...)
	if ok, err := r.plainCell(col, typ, style); ok {
		return col, err
	}
	var hasF, hasIS bool
	r.val, r.rich = r.val[:0], r.rich[:0]
	for done := false; !done; {
		t, err := r.sc.next()
		if err != nil {
			return col, fmt.Errorf("cell %s: %w", r.at(col), err)
		}
		switch t.kind {
		case tokEOF:
			return col, fmt.Errorf("cell %s: unexpected end of XML", r.at(col))
		case tokStart:
			switch ln := local(t.name); {
			case bytes.Equal(ln, nV):
				r.val, err = r.readText(r.val[:0], t, nV) // the last <v> counts
			case bytes.Equal(ln, nF):
				hasF = true
				err = r.skip(t)
			case bytes.Equal(ln, nIS):
				if hasIS { // excelize would merge their runs
					return col, fmt.Errorf("cell %s: two inline strings", r.at(col))
				}
				hasIS = true
				r.rich, err = r.readRich(r.rich[:0], t, nIS)
			case bytes.Equal(ln, nExtLst):
				err = r.skip(t)
			default:
				err = fmt.Errorf("unexpected element <%s>", clip(t.name))
			}
			if err != nil {
				return col, fmt.Errorf("cell %s: %w", r.at(col), err)
			}
		case tokEnd:
			if !bytes.Equal(t.name, r.nameC) {
				return col, fmt.Errorf("cell %s: element <%s> closed by </%s>", r.at(col), r.nameC, clip(t.name))
			}
			done = true
		}
	}
	return col, r.addValue(col, typ, style, hasF, hasIS)
}

// addValue records the cell's value as excelize's getValueFrom returns it
// with RawCellValue; like excelize it keeps a cell only when the value is
// not empty or the cell has a formula.
func (r *sheetReader) addValue(col int, typ string, style int, hasF, hasIS bool) error {
	ref := cellRef{col: col, sst: -1, kind: kindOf(typ), style: style}
	switch {
	case typ == "s" && len(r.val) > 0:
		i, err := sstIndex(r.val)
		if err != nil || i < 0 || i >= len(r.sst) {
			return fmt.Errorf("cell %s: shared string %q not in the workbook's %d shared strings", r.at(col), clip(r.val), len(r.sst))
		}
		if r.sst[i] == "" && !hasF {
			return nil
		}
		ref.sst = i
	case typ == "inlineStr" && hasIS:
		ref.a = len(r.text)
		r.text = appendBstr(r.text, r.rich)
	default:
		ref.a = len(r.text)
		r.text = append(r.text, r.val...)
	}
	ref.b = len(r.text)
	if ref.b > maxRowBytes {
		return fmt.Errorf("cell %s: the row holds more than %d MiB of text", r.at(col), maxRowBytes>>20)
	}
	if ref.sst < 0 && ref.a == ref.b && !hasF {
		return nil
	}
	if len(r.refs) > 0 && col <= r.refs[len(r.refs)-1].col {
		return fmt.Errorf("cell %s comes after cell %s: cells out of order", r.at(col), r.at(r.refs[len(r.refs)-1].col))
	}
	r.refs = append(r.refs, ref)
	return nil
}

// appendBstr appends s decoded by bstrUnmarshal (most strings have no escape).
func appendBstr(dst, s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return append(dst, s...)
	}
	return append(dst, bstrUnmarshal(string(s))...)
}

func knownType(t string) bool {
	switch t {
	case "", "n", "s", "str", "inlineStr", "b", "e", "d":
		return true
	}
	return false
}

// kindOf is the kind of a cell of type t.
func kindOf(t string) Kind {
	switch t {
	case "s", "str", "inlineStr":
		return String
	case "b":
		return Bool
	case "e":
		return Error
	case "d":
		return Date
	}
	return Number
}

// cellAttrs reads a cell's position (r, or the one after prev), type (t)
// and style (s).
func (r *sheetReader) cellAttrs(a []byte, prev int) (col int, typ string, style int, err error) {
	col = prev + 1
	for {
		name, val, rest, ok, err := nextAttr(a)
		if err != nil || !ok {
			if col > maxRowCells {
				return col, typ, style, fmt.Errorf("column %d is past the last column of a sheet", col)
			}
			return col, typ, style, err
		}
		a = rest
		switch {
		case bytes.Equal(name, nR):
			if col, err = cellColumn(val); err != nil {
				return prev + 1, typ, style, err
			}
		case bytes.Equal(name, nT):
			typ = cellType(val)
		case bytes.Equal(name, nS):
			s, err := strconv.ParseInt(string(val), 10, 64)
			if err != nil {
				return col, typ, style, fmt.Errorf("cell %s: bad style s=%q", r.at(col), clip(val))
			}
			style = int(min(max(s, -1), maxStyles))
		}
	}
}

// cellType returns the t attribute without allocating for the usual types.
func cellType(v []byte) string {
	for _, t := range []string{"s", "n", "str", "inlineStr", "b", "e", "d"} {
		if string(v) == t {
			return t
		}
	}
	return string(v)
}

// cellColumn returns the column of a cell reference such as "B7"; it
// accepts what excelize.CellNameToCoordinates accepts.
func cellColumn(ref []byte) (int, error) {
	col, i := 0, 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	row, digits := 0, i < len(ref) && ref[i] >= '1' && ref[i] <= '9' && len(ref)-i <= 7
	for j := i; digits && j < len(ref); j++ {
		digits = ref[j] >= '0' && ref[j] <= '9'
		row = row*10 + int(ref[j]-'0')
	}
	if col > 0 && col <= excelize.MaxColumns && digits && row <= excelize.TotalRows {
		return col, nil
	}
	c, _, err := excelize.CellNameToCoordinates(string(ref))
	if err != nil {
		return 0, fmt.Errorf("bad cell reference r=%q: %w", clip(ref), err)
	}
	return c, nil
}

// sstIndex parses a shared string index as excelize does (Atoi of the trimmed text).
func sstIndex(v []byte) (int, error) {
	v = bytes.TrimSpace(v)
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' || n > (math.MaxInt-9)/10 {
			return strconv.Atoi(string(v))
		}
		n = n*10 + int(c-'0')
	}
	if len(v) == 0 {
		return 0, errors.New("empty index")
	}
	return n, nil
}

// at names a cell of the current row for an error: "B7".
func (r *sheetReader) at(col int) string {
	n, err := excelize.ColumnNumberToName(col)
	if err != nil {
		n = "column " + strconv.Itoa(col) + " "
	}
	return n + strconv.Itoa(r.last)
}
