package sheet

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
)

// xlsCell is one cell value of a sheet substream.
type xlsCell struct {
	row, col int // 1-based
	text     string
	typ      Type
	formula  bool
}

// xlsRows streams the rows of one sheet substream. Excel and LibreOffice
// write a sheet's cells row by row, left to right; cells out of that order
// are refused, as they are in .xlsx.
type xlsRows struct {
	shared  sharedTypes
	path    string
	g       *xlsGlobals
	rd      biffReader
	depth   int       // nested substreams (an embedded chart's BOF … EOF)
	pending []xlsCell // cells read ahead: the next row's first
	waiting int       // index in pending of a string formula whose STRING is due, or -1
	done    bool
	types   []Type
}

// start checks the sheet's BOF.
func (r *xlsRows) start() error {
	rec, ok, err := r.rd.next()
	if err != nil {
		return err
	}
	if !ok || rec.typ != recBOF {
		return fmt.Errorf("the sheet's records at byte %d do not start with a BOF record", r.rd.pos)
	}
	r.waiting = -1
	return nil
}

// Next returns the next row with cells.
func (r *xlsRows) Next() (num int, cells []string, err error) {
	defer func() {
		if !recoverXLS {
			return
		}
		if p := recover(); p != nil {
			num, cells, err = 0, nil, xlsError(r.path, fmt.Errorf("malformed file (%v)", p))
		}
	}()
	for {
		for !r.done && !r.rowComplete() {
			if err := r.read(); err != nil {
				r.done = true
				return 0, nil, xlsError(r.path, err)
			}
		}
		if len(r.pending) == 0 {
			return 0, nil, nil
		}
		if num, cells = r.hand(); len(cells) > 0 {
			return num, cells, nil
		}
	}
}

// rowComplete reports whether pending holds a whole row and the first cell
// of the next one.
func (r *xlsRows) rowComplete() bool {
	n := len(r.pending)
	return n > 1 && r.pending[n-1].row != r.pending[0].row && r.waiting < 0
}

// hand takes the first row out of pending: its cells up to the last one
// with a value (none when all are empty).
func (r *xlsRows) hand() (int, []string) {
	row := r.pending[0].row
	k := 0
	for k < len(r.pending) && r.pending[k].row == row {
		k++
	}
	last := 0
	for _, c := range r.pending[:k] {
		if c.text != "" || c.formula {
			last = c.col
		}
	}
	cells, types := make([]string, last), make([]Type, last)
	for _, c := range r.pending[:k] {
		if c.col <= last {
			cells[c.col-1], types[c.col-1] = c.text, c.typ
		}
	}
	r.pending = append(r.pending[:0], r.pending[k:]...)
	r.types = types
	return row, cells
}

func (r *xlsRows) Types() []Type { return r.shared.of(r.types) }

func (r *xlsRows) Close() error { return nil }

// read reads one record of the sheet.
func (r *xlsRows) read() error {
	rec, ok, err := r.rd.next()
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the sheet's records end without an EOF record")
	}
	switch {
	case rec.typ == recBOF:
		r.depth++
	case rec.typ == recEOF && r.depth > 0:
		r.depth--
	case rec.typ == recEOF:
		r.done = true
	case r.depth == 0:
		return r.cell(&rec)
	}
	return nil
}

// cell reads a cell record.
func (r *xlsRows) cell(rec *record) error {
	f := field{rec: rec}
	switch rec.typ {
	case recString:
		if r.waiting >= 0 {
			r.pending[r.waiting].text = f.str(false)
			r.waiting = -1
		}
		return f.err
	case recMulRK:
		row, col := f.u16()+1, f.u16()+1
		for i := 0; f.err == nil && f.pos+8 <= len(rec.data); i++ {
			xf := f.u16()
			if err := r.addNumber(xlsCell{row: row, col: col + i}, xf, rkValue(f.u32())); err != nil {
				return err
			}
		}
		return f.err
	case recLabelSST, recLabel, recRString, recNumber, recRK, recBoolErr, recFormula:
		c := xlsCell{row: f.u16() + 1, col: f.u16() + 1}
		xf := f.u16()
		return r.value(&f, c, xf)
	}
	return nil
}

// value reads the value of a single-cell record after its row, column and style.
func (r *xlsRows) value(f *field, c xlsCell, xf int) error {
	c.typ.Format = r.format(xf)
	switch f.rec.typ {
	case recLabelSST:
		i := int(f.u32())
		if f.err != nil {
			return f.err
		}
		if i >= len(r.g.sst) {
			return fmt.Errorf("cell %s: shared string %d not in the workbook's %d", cellName(c), i, len(r.g.sst))
		}
		c.text = r.g.sst[i]
	case recLabel, recRString:
		c.text = f.str(false)
	case recNumber:
		if b := f.take(8); b != nil {
			return r.addNumber(c, xf, math.Float64frombits(binary.LittleEndian.Uint64(b)))
		}
	case recRK:
		return r.addNumber(c, xf, rkValue(f.u32()))
	case recBoolErr:
		v, isErr := f.u8(), f.u8() == 1
		c.text, c.typ.Kind = boolErr(v, isErr)
	case recFormula:
		return r.formula(f, c, xf)
	}
	if f.err != nil {
		return f.err
	}
	return r.push(c)
}

// formula reads a formula's cached result; a string result follows in a
// STRING record.
func (r *xlsRows) formula(f *field, c xlsCell, xf int) error {
	b := f.take(8)
	if b == nil {
		return f.err
	}
	c.formula = true
	if binary.LittleEndian.Uint16(b[6:]) != 0xFFFF {
		return r.addNumber(c, xf, math.Float64frombits(binary.LittleEndian.Uint64(b)))
	}
	switch b[0] {
	case 0: // a string, in the STRING record that follows
		if err := r.push(c); err != nil {
			return err
		}
		r.waiting = len(r.pending) - 1
		return nil
	case 1:
		c.text, c.typ.Kind = boolErr(int(b[2]), false)
	case 2:
		c.text, c.typ.Kind = boolErr(int(b[2]), true)
	}
	return r.push(c)
}

// addNumber adds a number cell with its style's format; a date of the 1904
// date system is given as a 1900-system serial, as .xlsx readers see it.
func (r *xlsRows) addNumber(c xlsCell, xf int, v float64) error {
	c.typ = Type{Kind: Number, Format: r.format(xf)}
	if r.g.date1904 && IsDateFormat(c.typ.Format) {
		v += 1462
	}
	c.text = numberText(v)
	return r.push(c)
}

// format is a cell style's number format, "" for General.
func (r *xlsRows) format(xf int) string {
	if f := r.g.format(xf); f != "General" {
		return f
	}
	return ""
}

// push appends a cell, checking its place.
func (r *xlsRows) push(c xlsCell) error {
	if c.col > 256 || c.row > 65536 {
		return fmt.Errorf("cell %s is outside an Excel 97–2003 sheet", cellName(c))
	}
	if n := len(r.pending); n > 0 {
		p := r.pending[n-1]
		if c.row < p.row || c.row == p.row && c.col <= p.col {
			return fmt.Errorf("cell %s comes after cell %s: cells out of order", cellName(c), cellName(p))
		}
	}
	r.waiting = -1
	r.pending = append(r.pending, c)
	return nil
}

func cellName(c xlsCell) string {
	name := ""
	for col := c.col; col > 0; col = (col - 1) / 26 {
		name = string(rune('A'+(col-1)%26)) + name
	}
	return name + strconv.Itoa(c.row)
}

// rkValue decodes an RK number: a 30-bit integer or the top 30 bits of a
// double, optionally divided by 100.
func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

// numberText writes a number as an .xlsx stores it: integers in full up to
// 15 digits, other numbers in their shortest form.
func numberText(v float64) string {
	a := math.Abs(v)
	switch {
	case v == math.Trunc(v) && a < 1e15:
		return strconv.FormatInt(int64(v), 10)
	case a >= 1e-4 && a < 1e15:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return canonExponent(strconv.FormatFloat(v, 'E', -1, 64))
}

// boolErr is a BOOLERR value: TRUE/FALSE as 1/0, or an error's text.
func boolErr(v int, isErr bool) (string, Kind) {
	if !isErr {
		if v != 0 {
			return "1", Bool
		}
		return "0", Bool
	}
	names := map[int]string{0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}
	if s, ok := names[v]; ok {
		return s, Error
	}
	return "#N/A", Error
}

// sheetDimension reads the last row a sheet's DIMENSIONS record gives.
func sheetDimension(stream []byte, pos int) int {
	rd := biffReader{b: stream, pos: pos}
	for i := 0; i < 64; i++ {
		rec, ok, err := rd.next()
		if err != nil || !ok || rec.typ == recEOF {
			return 0
		}
		if rec.typ == recDimensions {
			f := field{rec: &rec}
			f.u32()
			n := int(f.u32())
			if f.err != nil || n < 0 || n > 1<<20 {
				return 0
			}
			return n
		}
	}
	return 0
}
