package sheet

import (
	"fmt"
)

// xlsGlobals is what the workbook globals substream says about cells.
type xlsGlobals struct {
	sst      []string
	formats  map[int]string // FORMAT records: index → format code
	xfs      []int          // cell style → number format index
	date1904 bool
	sheets   []xlsSheet
}

type xlsSheet struct {
	name string
	pos  int // offset of the sheet's BOF in the stream
}

// readGlobals reads the workbook globals, from the stream's first BOF to
// its EOF.
func readGlobals(stream []byte) (*xlsGlobals, error) {
	rd := biffReader{b: stream}
	bof, ok, err := rd.next()
	if err != nil {
		return nil, err
	}
	if !ok || bof.typ != recBOF {
		return nil, fmt.Errorf("the Workbook stream does not start with a BOF record")
	}
	if f := (field{rec: &bof}); f.u16() != 0x0600 {
		return nil, errBIFF5
	}
	g := &xlsGlobals{formats: map[int]string{}}
	for {
		rec, ok, err := rd.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("the workbook globals have no EOF record")
		}
		if rec.typ == recEOF {
			return g, nil
		}
		if err := g.read(&rec, len(stream)); err != nil {
			return nil, err
		}
	}
}

// read takes in one record of the globals.
func (g *xlsGlobals) read(rec *record, size int) error {
	f := field{rec: rec}
	switch rec.typ {
	case recFilePass:
		return errEncrypted
	case recDateMode:
		g.date1904 = f.u16() == 1
	case recFormat:
		i := f.u16()
		g.formats[i] = f.str(false)
	case recXF:
		f.u16() // font
		if len(g.xfs) >= maxStyles {
			return fmt.Errorf("more than %d cell styles", maxStyles)
		}
		g.xfs = append(g.xfs, f.u16())
	case recBoundSheet:
		pos := int(f.u32())
		f.u8() // visibility: hidden sheets are read too, as in .xlsx
		kind := f.u8()
		name := f.str(true)
		if kind != 0 || f.err != nil {
			break // a chart, macro or dialog sheet
		}
		if pos < 0 || pos >= size || len(g.sheets) >= maxSheets {
			return fmt.Errorf("sheet %q: its records start at byte %d, outside the %d-byte stream", clip([]byte(name)), pos, size)
		}
		g.sheets = append(g.sheets, xlsSheet{name: name, pos: pos})
	case recSST:
		g.sst = readXLSSST(&f)
	}
	return f.err
}

// readXLSSST reads the shared strings; a count larger than the record holds
// is not believed (each string takes at least 3 bytes).
func readXLSSST(f *field) []string {
	f.u32() // total references
	n := int(f.u32())
	sst := make([]string, 0, min(n, len(f.rec.data)/3))
	for i := 0; i < n && f.err == nil && f.pos < len(f.rec.data); i++ {
		sst = append(sst, f.richStr())
	}
	return sst
}

// format is the number format code of a cell style.
func (g *xlsGlobals) format(xf int) string {
	if xf < 0 || xf >= len(g.xfs) {
		return ""
	}
	i := g.xfs[xf]
	if s, ok := g.formats[i]; ok {
		return s
	}
	return builtinFormats[i]
}
