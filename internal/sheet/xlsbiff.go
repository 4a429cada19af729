package sheet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// BIFF8 record types read by ezz ([MS-XLS] 2.3).
const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recDateMode   = 0x0022
	recFilePass   = 0x002F
	recContinue   = 0x003C
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recRString    = 0x00D6
	recXF         = 0x00E0
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recDimensions = 0x0200
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRK         = 0x027E
	recFormat     = 0x041E
	recBOF        = 0x0809
)

// record is one BIFF record; for SST and STRING, the CONTINUE records that
// follow are joined to it and bounds are where each of them started.
type record struct {
	typ    uint16
	at     int // offset in the stream
	data   []byte
	bounds []int
}

// biffReader reads the records of a Workbook stream from pos.
type biffReader struct {
	b   []byte
	pos int
}

// next reads the next record; ok is false at the end of the stream.
func (r *biffReader) next() (rec record, ok bool, err error) {
	if r.pos >= len(r.b) {
		return record{}, false, nil
	}
	rec, err = r.one()
	if err != nil {
		return record{}, false, err
	}
	if rec.typ == recSST || rec.typ == recString {
		for r.pos+4 <= len(r.b) && binary.LittleEndian.Uint16(r.b[r.pos:]) == recContinue {
			c, err := r.one()
			if err != nil {
				return record{}, false, err
			}
			rec.bounds = append(rec.bounds, len(rec.data))
			rec.data = append(rec.data[:len(rec.data):len(rec.data)], c.data...)
		}
	}
	return rec, true, nil
}

func (r *biffReader) one() (record, error) {
	if r.pos+4 > len(r.b) {
		return record{}, fmt.Errorf("record at byte %d: the stream ends inside its header", r.pos)
	}
	typ := binary.LittleEndian.Uint16(r.b[r.pos:])
	n := int(binary.LittleEndian.Uint16(r.b[r.pos+2:]))
	at := r.pos
	if at+4+n > len(r.b) {
		return record{}, fmt.Errorf("record 0x%04X at byte %d: %d bytes declared, the stream ends first", typ, at, n)
	}
	r.pos = at + 4 + n
	return record{typ: typ, at: at, data: r.b[at+4 : at+4+n]}, nil
}

var errShort = errors.New("record too short")

// field reads a record's fields in order; the first overrun sets err and
// every later read gives zero.
type field struct {
	rec *record
	pos int
	bi  int // the next bound not yet passed
	err error
}

func (f *field) take(n int) []byte {
	if f.err != nil || n < 0 || f.pos+n > len(f.rec.data) {
		if f.err == nil {
			f.err = fmt.Errorf("record 0x%04X at byte %d: %w", f.rec.typ, f.rec.at, errShort)
		}
		return nil
	}
	b := f.rec.data[f.pos : f.pos+n]
	f.pos += n
	for f.bi < len(f.rec.bounds) && f.rec.bounds[f.bi] < f.pos {
		f.bi++
	}
	return b
}

func (f *field) u8() int {
	if b := f.take(1); b != nil {
		return int(b[0])
	}
	return 0
}

func (f *field) u16() int {
	if b := f.take(2); b != nil {
		return int(binary.LittleEndian.Uint16(b))
	}
	return 0
}

func (f *field) u32() uint32 {
	if b := f.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// str reads an XLUnicodeString (cch is 16 bits) or, short, a
// ShortXLUnicodeString (8 bits).
func (f *field) str(short bool) string {
	var n int
	if short {
		n = f.u8()
	} else {
		n = f.u16()
	}
	return f.chars(n, f.u8()&1 != 0)
}

// richStr reads an XLUnicodeRichExtendedString: a shared string, whose
// formatting runs and phonetic data are skipped.
func (f *field) richStr() string {
	n, flags := f.u16(), f.u8()
	runs, ext := 0, 0
	if flags&0x08 != 0 {
		runs = f.u16()
	}
	if flags&0x04 != 0 {
		ext = int(f.u32() & 0x7FFFFFFF)
	}
	s := f.chars(n, flags&1 != 0)
	f.take(4 * runs)
	f.take(ext)
	return s
}

// chars reads n characters, 1 or 2 bytes each; where a CONTINUE record
// starts inside them, its first byte says the width of the rest.
func (f *field) chars(n int, wide bool) string {
	units := make([]uint16, 0, min(n, len(f.rec.data)-f.pos+1))
	for n > 0 && f.err == nil {
		end := len(f.rec.data)
		if f.bi < len(f.rec.bounds) {
			if f.rec.bounds[f.bi] == f.pos {
				wide = f.u8()&1 != 0
				continue
			}
			end = f.rec.bounds[f.bi]
		}
		w := 1
		if wide {
			w = 2
		}
		k := min(n, (end-f.pos)/w)
		if k == 0 {
			f.err = fmt.Errorf("record 0x%04X at byte %d: a string runs past the record's end", f.rec.typ, f.rec.at)
			break
		}
		b := f.take(k * w)
		for i := 0; i < k && b != nil; i++ {
			if wide {
				units = append(units, binary.LittleEndian.Uint16(b[2*i:]))
			} else {
				units = append(units, uint16(b[i]))
			}
		}
		n -= k
	}
	return string(utf16.Decode(units))
}
