package sheet

import (
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// sst is a shared string table whose third string is cut by a CONTINUE
// record, ASCII before the cut and UTF-16 after it, and whose rich and
// phonetic strings carry runs and phonetic data (the latter cut again).
func sst() [][]byte {
	first := rec(recSST, uint32(9), uint32(8),
		xlStr("姓名"), xlStr("证号"),
		uint16(5), uint8(0), "abc") // "abc证照": 3 of 5 characters here
	cont := rec(recContinue, uint8(1), wide("证照"),
		xlStr("张三"), xlStr("001"),
		uint16(2), uint8(0x09), uint16(1), wide("富文"), uint32(0), // rich: 1 run
		uint16(3), uint8(0x05), uint32(6), wide("注音字"), []byte{1, 2, 3}) // phonetic: 6 bytes, 3 here
	cont2 := rec(recContinue, []byte{4, 5, 6}, xlStr(""))
	return [][]byte{first, cont, cont2}
}

var xlsStyles = [][]byte{
	rec(recFormat, uint16(176), xlStr(`yyyy"年"m"月"d"日"`)),
	rec(recXF, uint16(0), uint16(0)),   // 0 General
	rec(recXF, uint16(0), uint16(14)),  // 1 a built-in date
	rec(recXF, uint16(0), uint16(176)), // 2 a custom date
	rec(recXF, uint16(0), uint16(49)),  // 3 text
	rec(recXF, uint16(0), uint16(2)),   // 4 0.00
}

func rk(v uint32) uint32 { return v }

// cells is a sheet with every kind of cell record.
func cells() [][]byte {
	sheet := [][]byte{
		rec(recDimensions, uint32(0), uint32(8), uint16(0), uint16(5), uint16(0)),
		rec(recLabelSST, uint16(0), uint16(0), uint16(0), uint32(0)),
		rec(recLabelSST, uint16(0), uint16(1), uint16(0), uint32(1)),
		rec(recLabelSST, uint16(0), uint16(3), uint16(0), uint32(2)),
		rec(recLabelSST, uint16(1), uint16(0), uint16(0), uint32(3)),
		rec(recLabelSST, uint16(1), uint16(1), uint16(3), uint32(4)),
		rec(recNumber, uint16(1), uint16(2), uint16(1), float(45208)),
		rec(recRK, uint16(1), uint16(3), uint16(2), rk(45000<<2|2)),
		// an embedded chart: its records are not the sheet's
		bof(0x0020), rec(recNumber, uint16(2), uint16(0), uint16(0), float(9)), eof(),
		rec(recMulRK, uint16(3), uint16(0),
			uint16(4), rk(12345<<2|3), // 123.45
			uint16(0), uint32(binary.LittleEndian.Uint64(float(0.5))>>32),
			uint16(0), rk(7<<2|2), uint16(2)),
		rec(recBoolErr, uint16(3), uint16(3), uint16(0), uint8(1), uint8(0)),
		rec(recBoolErr, uint16(3), uint16(4), uint16(0), uint8(7), uint8(1)),
		rec(recFormula, uint16(4), uint16(0), uint16(0), float(2.5), uint16(0), uint32(0)),
		rec(recFormula, uint16(4), uint16(1), uint16(0), []byte{0, 0, 0, 0, 0, 0, 0xFF, 0xFF}, uint16(0), uint32(0)),
		rec(recString, xlStr("结果")),
		rec(recFormula, uint16(4), uint16(2), uint16(0), []byte{1, 0, 1, 0, 0, 0, 0xFF, 0xFF}, uint16(0), uint32(0)),
		rec(recFormula, uint16(4), uint16(3), uint16(0), []byte{2, 0, 0x2A, 0, 0, 0, 0xFF, 0xFF}, uint16(0), uint32(0)),
		rec(recFormula, uint16(4), uint16(4), uint16(0), []byte{3, 0, 0, 0, 0, 0, 0xFF, 0xFF}, uint16(0), uint32(0)),
		rec(recLabel, uint16(5), uint16(0), uint16(0), xlStr("标签")),
		rec(recNumber, uint16(5), uint16(1), uint16(0), float(1.5e17)),
		rec(recLabelSST, uint16(6), uint16(0), uint16(0), uint32(7)), // "": no row
	}
	return sheet
}

func float(v float64) []byte {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], mathBits(v))
	return b[:]
}

type xlsRow struct {
	num   int
	cells []string
	kinds []Kind
	dates []bool
}

func readAll(t *testing.T, path string) (map[string][]xlsRow, Book) {
	t.Helper()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]xlsRow{}
	for _, name := range b.Sheets() {
		rows, err := b.Rows(name)
		if err != nil {
			t.Fatal(err)
		}
		for {
			num, cells, err := rows.Next()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if num == 0 {
				break
			}
			row := xlsRow{num: num, cells: cells}
			for _, ty := range rows.Types() {
				row.kinds = append(row.kinds, ty.Kind)
				row.dates = append(row.dates, ty.IsDate())
			}
			out[name] = append(out[name], row)
		}
	}
	return out, b
}

// TestXLSRecords: each kind of BIFF8 cell record reads as the .xlsx of the
// same content reads: shared strings across CONTINUE records, numbers (RK,
// MULRK, NUMBER), dates by their style's format, booleans, errors, formula
// results, and the 1904 date system as 1900 serials.
func TestXLSRecords(t *testing.T) {
	S, N, B, E := String, Number, Bool, Error
	want := []xlsRow{
		{1, []string{"姓名", "证号", "", "abc证照"}, []Kind{S, S, S, S}, []bool{false, false, false, false}},
		{2, []string{"张三", "001", "45208", "45000"}, []Kind{S, S, N, N}, []bool{false, false, true, true}},
		{4, []string{"123.45", "0.5", "7", "1", "#DIV/0!"}, []Kind{N, N, N, B, E}, []bool{false, false, false, false, false}},
		{5, []string{"2.5", "结果", "1", "#N/A", ""}, []Kind{N, S, B, E, S}, []bool{false, false, false, false, false}},
		{6, []string{"标签", "1.5E+17"}, []Kind{S, N}, []bool{false, false}},
	}
	for _, tc := range []struct {
		name   string
		mode   [][]byte
		d1, d2 string
	}{
		{"1900", nil, "45208", "45000"},
		{"1904", [][]byte{rec(recDateMode, uint16(1))}, "46670", "46462"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			globals := append(append(append([][]byte{}, tc.mode...), xlsStyles...), sst()...)
			stream := book(globals, map[string][][]byte{"登记": cells(), "空": nil}, "登记", "空")
			got, b := readAll(t, writeXLS(t, "r.xls", cfb(stream, 0)))
			if b.Format() != "xls" || !reflect.DeepEqual(b.Sheets(), []string{"登记", "空"}) || b.EstimatedRows("登记") != 8 {
				t.Errorf("format %s, sheets %q, estimated %d", b.Format(), b.Sheets(), b.EstimatedRows("登记"))
			}
			w := append([]xlsRow(nil), want...)
			w[1].cells = []string{"张三", "001", tc.d1, tc.d2}
			if !reflect.DeepEqual(got["登记"], w) {
				t.Errorf("got  %v\nwant %v", got["登记"], w)
			}
			if len(got["空"]) != 0 {
				t.Errorf("empty sheet: %v", got["空"])
			}
		})
	}
}

// TestXLSStyles: a cell's format is its style's: built-in, custom, text.
func TestXLSStyles(t *testing.T) {
	stream := book(append(append([][]byte{}, xlsStyles...), sst()...), map[string][][]byte{"S": cells()}, "S")
	b, err := Open(writeXLS(t, "s.xls", cfb(stream, 0)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := b.Rows("S")
	rows.Next()
	rows.Next()
	got := rows.Types()
	want := []Type{{String, ""}, {String, "@"}, {Number, "yyyy-mm-dd"}, {Number, `yyyy"年"m"月"d"日"`}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestXLSHostile: a damaged, encrypted, old or oversized .xls gives an error
// that names the file and says what to do, at Open or at the row.
func TestXLSHostile(t *testing.T) {
	good := func(sheet ...[]byte) []byte {
		return book(append(append([][]byte{}, xlsStyles...), sst()...), map[string][][]byte{"S": sheet}, "S")
	}
	hugeFAT := cfb(good(), 0)
	binary.LittleEndian.PutUint32(hugeFAT[44:], 0x7FFFFFFF)
	biff5 := good()
	binary.LittleEndian.PutUint16(biff5[4:], 0x0500)
	outside := book(nil, map[string][][]byte{"S": nil}, "S")
	binary.LittleEndian.PutUint32(outside[len(bof(5))+4:], 1<<30)
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"encrypted", "e.xls", cfb(book([][]byte{rec(recFilePass, uint16(1))}, nil), 0), "password"},
		{"biff5", "o.xls", cfb(biff5, 0), "Excel 5.0/95"},
		{"declared size", "d.xls", cfb(good(), 1<<31), "declares 2147483648 bytes"},
		{"FAT sectors", "f.xls", hugeFAT, "FAT sectors"},
		{"truncated", "t.xls", cfb(good()[:200], 0), "cannot be read"},
		{"sheet outside", "x.xls", cfb(outside, 0), "outside"},
		{"wps", "w.et", cfb(good(), 0), "WPS"},
		{"no sheet EOF", "n.xls", cfb(good()[:len(good())-4], 0), "the stream ends first"},
		{"sst index", "i.xls", cfb(good(rec(recLabelSST, uint16(0), uint16(0), uint16(0), uint32(99))), 0), "shared string 99"},
		{"order", "r.xls", cfb(good(rec(recRK, uint16(3), uint16(0), uint16(0), rk(2)), rec(recRK, uint16(1), uint16(0), uint16(0), rk(2))), 0), "out of order"},
		{"string past end", "s.xls", cfb(good(rec(recLabel, uint16(0), uint16(0), uint16(0), uint16(100), uint8(0), "abc")), 0), "past the record"},
		{"short record", "h.xls", cfb(good(rec(recNumber, uint16(0), uint16(0))), 0), "too short"},
		{"column", "c.xls", cfb(good(rec(recRK, uint16(0), uint16(300), uint16(0), rk(2))), 0), "outside an Excel 97–2003 sheet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeXLS(t, tc.file, tc.data)
			err := drainErr(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
				t.Fatalf("got %v, want an error naming %s with %q", err, tc.file, tc.want)
			}
			if tc.name == "encrypted" && !IsEncrypted(err) {
				t.Errorf("IsEncrypted(%v) is false", err)
			}
		})
	}
}

// drainErr opens a book and reads all its rows, returning the first error.
func drainErr(path string) error {
	b, err := Open(path)
	if err != nil {
		return err
	}
	defer b.Close()
	for _, name := range b.Sheets() {
		rows, err := b.Rows(name)
		if err != nil {
			return err
		}
		for {
			num, _, err := rows.Next()
			if err != nil {
				return err
			}
			if num == 0 {
				break
			}
		}
	}
	return nil
}

// TestXLSPanicNamesFile: a panic inside the reader is an error naming the file.
func TestXLSPanicNamesFile(t *testing.T) {
	r := &xlsRows{path: "p.xls", g: nil, rd: biffReader{b: rec(recLabelSST, uint16(0), uint16(0), uint16(0), uint32(0))}}
	_, _, err := r.Next() // g is nil: a nil dereference
	if err == nil || !strings.Contains(err.Error(), "p.xls") || !strings.Contains(err.Error(), "malformed") {
		t.Fatalf("got %v", err)
	}
}

// FuzzXLS: a hostile Workbook stream, in a well-formed compound file, never
// panics (the recovery is off), loops or breaks the Rows promises.
func FuzzXLS(f *testing.F) {
	f.Add(book(append(append([][]byte{}, xlsStyles...), sst()...), map[string][][]byte{"S": cells()}, "S"))
	f.Add(book([][]byte{rec(recFilePass)}, nil))
	f.Add(book(sst(), map[string][][]byte{"a": cells(), "b": nil}, "a", "b"))
	f.Fuzz(func(t *testing.T, stream []byte) {
		if len(stream) > 60000 {
			return
		}
		recoverXLS = false
		defer func() { recoverXLS = true }()
		path := writeXLS(t, "f.xls", cfb(stream, 0))
		done := make(chan struct{})
		go func() { defer close(done); drainBook(t, path) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			panic("the .xls reader does not finish") // the fuzzer keeps the input
		}
	})
}

func mathBits(v float64) uint64 { return math.Float64bits(v) }
