package sheet

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
)

// The helpers below write BIFF8 records and wrap them in a compound file,
// so that the tests can say exactly which bytes the reader gets.

// rec is one BIFF record.
func rec(typ uint16, parts ...any) []byte {
	var data []byte
	for _, p := range parts {
		switch v := p.(type) {
		case uint8:
			data = append(data, v)
		case uint16:
			data = binary.LittleEndian.AppendUint16(data, v)
		case uint32:
			data = binary.LittleEndian.AppendUint32(data, v)
		case uint64:
			data = binary.LittleEndian.AppendUint64(data, v)
		case []byte:
			data = append(data, v...)
		case string:
			data = append(data, v...)
		}
	}
	out := binary.LittleEndian.AppendUint16(nil, typ)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(data)))
	return append(out, data...)
}

// wide is s as UTF-16LE.
func wide(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// xlStr is an XLUnicodeString: 16-bit count, flags, characters (wide
// unless s is ASCII).
func xlStr(s string) []byte {
	n := len(utf16.Encode([]rune(s)))
	b := binary.LittleEndian.AppendUint16(nil, uint16(n))
	if isASCII(s) {
		return append(append(b, 0), s...)
	}
	return append(append(b, 1), wide(s)...)
}

// shortStr is a ShortXLUnicodeString: 8-bit count, flags, characters.
func shortStr(s string) []byte {
	b := xlStr(s)
	return append(b[:1:1], b[2:]...)
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > 0x7F {
			return false
		}
	}
	return true
}

func bof(dt uint16) []byte {
	return rec(recBOF, uint16(0x0600), dt, uint16(0), uint16(0), uint32(0), uint32(0))
}

func eof() []byte { return rec(recEOF) }

// book is a workbook stream: globals (the records given, then one
// BOUNDSHEET per sheet) and the sheets' substreams.
func book(globals [][]byte, sheets map[string][][]byte, order ...string) []byte {
	head := bof(0x0005)
	for _, g := range globals {
		head = append(head, g...)
	}
	// BOUNDSHEET records: their offsets are known once their sizes are.
	size := len(head) + len(eof())
	for _, name := range order {
		size += len(rec(recBoundSheet, uint32(0), uint8(0), uint8(0), shortStr(name)))
	}
	var bodies []byte
	for _, name := range order {
		pos := size + len(bodies)
		head = append(head, rec(recBoundSheet, uint32(pos), uint8(0), uint8(0), shortStr(name))...)
		bodies = append(bodies, bof(0x0010)...)
		for _, r := range sheets[name] {
			bodies = append(bodies, r...)
		}
		bodies = append(bodies, eof()...)
	}
	return append(append(head, eof()...), bodies...)
}

// cfb wraps a Workbook stream in a version 3 compound file: sector 0 the
// FAT, sector 1 the directory, then the stream, padded with 0xFF to at
// least 4096 bytes so that it is not in the mini stream (past the stream's
// last EOF nothing is read; a cut stream runs into a record that overruns).
// size, if not 0, is the size its directory entry declares.
func cfb(stream []byte, size uint64) []byte {
	const sec = 512
	body := append([]byte(nil), stream...)
	for len(body) < 4096 || len(body)%sec != 0 {
		body = append(body, 0xFF)
	}
	n := len(body) / sec
	if n > 126 {
		panic("stream too long for one FAT sector")
	}
	h := make([]byte, sec)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(h[24:], 0x3E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], 1)          // FAT sectors
	le.PutUint32(h[48:], 1)          // first directory sector
	le.PutUint32(h[56:], 4096)       // mini stream cutoff
	le.PutUint32(h[60:], 0xFFFFFFFE) // no mini FAT
	le.PutUint32(h[68:], 0xFFFFFFFE) // no DIFAT sectors
	for i := 76; i < sec; i += 4 {
		le.PutUint32(h[i:], 0xFFFFFFFF)
	}
	le.PutUint32(h[76:], 0) // the FAT is sector 0
	fat := make([]byte, sec)
	for i := 0; i < sec/4; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD)
	le.PutUint32(fat[4:], 0xFFFFFFFE)
	for i := 0; i < n; i++ {
		next := uint32(3 + i)
		if i == n-1 {
			next = 0xFFFFFFFE
		}
		le.PutUint32(fat[4*(2+i):], next)
	}
	if size == 0 {
		size = uint64(len(body))
	}
	dir := make([]byte, sec)
	entry := func(i int, name string, typ byte, child, start uint32, size uint64) {
		e := dir[128*i:]
		copy(e, wide(name))
		le.PutUint16(e[64:], uint16(2*len(name)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], 0xFFFFFFFF)
		le.PutUint32(e[72:], 0xFFFFFFFF)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint64(e[120:], size)
	}
	entry(0, "Root Entry", 5, 1, 0xFFFFFFFE, 0)
	entry(1, "Workbook", 2, 0xFFFFFFFF, 2, size)
	for i := 2; i < 4; i++ {
		entry(i, "", 0, 0xFFFFFFFF, 0, 0)
	}
	return append(append(append(h, fat...), dir...), body...)
}

// writeXLS writes data as name in a temporary directory.
func writeXLS(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
