package font

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// table is one entry of an sfnt table directory.
type table struct {
	tag  string
	data []byte
}

var be = binary.BigEndian

// errNotTrueType marks CFF-flavoured OpenType, which the PDF writer and gopdf cannot embed.
var errNotAFont = errors.New("not a TrueType font file")

var errNotTrueType = errors.New("font has CFF (PostScript) outlines, not TrueType glyf outlines")

// readTables reads the table directory at off in data; table offsets are relative to
// the start of data (as in both plain fonts and collections).
func readTables(data []byte, off int) (map[string][]byte, error) {
	if off < 0 || off+12 > len(data) {
		return nil, errors.New("truncated table directory")
	}
	version := be.Uint32(data[off:])
	switch version {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	case 0x4F54544F: // 'OTTO'
		return nil, errNotTrueType
	default:
		return nil, errNotAFont
	}
	n := int(be.Uint16(data[off+4:]))
	if off+12+16*n > len(data) {
		return nil, errors.New("truncated table directory")
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := data[off+12+16*i:]
		tag := string(rec[:4])
		start, length := int64(be.Uint32(rec[8:])), int64(be.Uint32(rec[12:]))
		if start+length > int64(len(data)) {
			return nil, fmt.Errorf("table %q runs past the end of the file", tag)
		}
		tables[tag] = data[start : start+length]
	}
	if _, ok := tables["CFF "]; ok {
		return nil, errNotTrueType
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf"} {
		if _, ok := tables[tag]; !ok {
			return nil, fmt.Errorf("missing %q table", tag)
		}
	}
	return tables, nil
}

// collectionOffset returns the offset of subfont index in a TrueType Collection,
// or 0 for a plain font (index must then be 0).
func collectionOffset(data []byte, index int) (int, error) {
	if len(data) < 12 || string(data[:4]) != "ttcf" {
		if index != 0 {
			return 0, fmt.Errorf("subfont #%d asked of a file that is not a collection", index)
		}
		return 0, nil
	}
	n := int(be.Uint32(data[8:]))
	if index < 0 || index >= n {
		return 0, fmt.Errorf("collection has %d subfonts, no #%d", n, index)
	}
	if 12+4*(index+1) > len(data) {
		return 0, errors.New("truncated collection header")
	}
	return int(be.Uint32(data[12+4*index:])), nil
}

// buildSfnt writes a standalone TrueType file holding tables, with a correct
// table directory, table checksums and head.checkSumAdjustment.
func buildSfnt(tables []table) []byte {
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	n := len(tables)
	size := 12 + 16*n
	for _, t := range tables {
		size += pad4(len(t.data))
	}
	out := make([]byte, 12+16*n, size)
	be.PutUint32(out[0:], 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	be.PutUint16(out[6:], uint16(16<<es))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(16*n-16<<es))
	headAt := -1
	for i, t := range tables {
		rec := out[12+16*i:]
		copy(rec, t.tag)
		off := len(out)
		if t.tag == "head" {
			headAt = off
		}
		out = append(out, t.data...)
		out = append(out, make([]byte, pad4(len(t.data))-len(t.data))...)
		if t.tag == "head" && len(t.data) >= 12 {
			be.PutUint32(out[off+8:], 0)
		}
		be.PutUint32(rec[4:], checksum(out[off:off+pad4(len(t.data))]))
		be.PutUint32(rec[8:], uint32(off))
		be.PutUint32(rec[12:], uint32(len(t.data)))
	}
	if headAt >= 0 && headAt+12 <= len(out) {
		be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func pad4(n int) int { return (n + 3) &^ 3 }

func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += be.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += be.Uint32(last[:])
	}
	return sum
}

// standalone returns the tables of a parsed font as a standalone TrueType file.
func standalone(tables map[string][]byte) []byte {
	list := make([]table, 0, len(tables))
	for tag, data := range tables {
		cp := append([]byte(nil), data...)
		list = append(list, table{tag, cp})
	}
	return buildSfnt(list)
}
