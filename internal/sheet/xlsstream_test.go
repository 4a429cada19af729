package sheet

import (
	"bytes"
	"encoding/binary"
	"io"
	"strconv"
	"testing"
)

// bigCFB wraps a Workbook stream in a version 3 compound file with as many
// FAT and DIFAT sectors as it needs, the stream's sectors in one chain.
func bigCFB(stream []byte) []byte {
	const sec = 512
	body := append([]byte(nil), stream...)
	for len(body) < 4096 || len(body)%sec != 0 {
		body = append(body, 0xFF)
	}
	n := len(body) / sec
	F, D := 1, 0
	for {
		T := F + D + 1 + n
		nf := (T + 127) / 128
		nd := 0
		if nf > 109 {
			nd = (nf - 109 + 126) / 127
		}
		if nf == F && nd == D {
			break
		}
		F, D = nf, nd
	}
	le := binary.LittleEndian
	fat := make([]byte, F*sec)
	for i := 0; i < F*sec/4; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	for i := 0; i < F; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFD)
	}
	for i := F; i < F+D; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFC)
	}
	dirID := F + D
	le.PutUint32(fat[4*dirID:], 0xFFFFFFFE)
	for i := 0; i < n; i++ {
		next := uint32(dirID + 2 + i)
		if i == n-1 {
			next = 0xFFFFFFFE
		}
		le.PutUint32(fat[4*(dirID+1+i):], next)
	}
	h := make([]byte, sec)
	copy(h, oleMagic)
	le.PutUint16(h[24:], 0x3E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], uint32(F))
	le.PutUint32(h[48:], uint32(dirID))
	le.PutUint32(h[56:], 4096)
	le.PutUint32(h[60:], 0xFFFFFFFE)
	if D > 0 {
		le.PutUint32(h[68:], uint32(F))
	} else {
		le.PutUint32(h[68:], 0xFFFFFFFE)
	}
	le.PutUint32(h[72:], uint32(D))
	for i := 76; i < sec; i += 4 {
		le.PutUint32(h[i:], 0xFFFFFFFF)
	}
	for i := 0; i < F && i < 109; i++ {
		le.PutUint32(h[76+4*i:], uint32(i))
	}
	difat := make([]byte, D*sec)
	for i := 0; i < D*sec/4; i++ {
		le.PutUint32(difat[4*i:], 0xFFFFFFFF)
	}
	k := 109
	for d := 0; d < D; d++ {
		for j := 0; j < 127 && k < F; j++ {
			le.PutUint32(difat[d*sec+4*j:], uint32(k))
			k++
		}
		next := uint32(F + d + 1)
		if d == D-1 {
			next = 0xFFFFFFFE
		}
		le.PutUint32(difat[d*sec+508:], next)
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
	entry(1, "Workbook", 2, 0xFFFFFFFF, uint32(dirID+1), uint64(len(body)))
	for i := 2; i < 4; i++ {
		entry(i, "", 0, 0xFFFFFFFF, 0, 0)
	}
	out := append(h, fat...)
	out = append(out, difat...)
	out = append(out, dir...)
	return append(out, body...)
}

// maxReader records the largest read asked of it.
type maxReader struct {
	r   io.Reader
	max int
}

func (m *maxReader) Read(p []byte) (int, error) {
	m.max = max(m.max, len(p))
	return m.r.Read(p)
}

// TestXLSLargeStream: a Workbook stream of many sectors reads whole and in
// time linear in its size: mscfb is asked for a chunk at a time, since it
// takes time quadratic in the sectors of one read (a 16 MB file took 14 s,
// a 512 MB one would take hours).
func TestXLSLargeStream(t *testing.T) {
	var cells [][]byte
	const rows, cols = 1200, 100
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			cells = append(cells, rec(recNumber, uint16(r), uint16(c), uint16(0), float(float64(r*cols+c))))
		}
	}
	stream := book(nil, map[string][][]byte{"S": cells}, "S")
	if len(stream) < 4*streamChunk {
		t.Fatalf("the stream is %d bytes, not several chunks", len(stream))
	}
	got, b := readAll(t, writeXLS(t, "big.xls", bigCFB(stream)))
	defer b.Close()
	if len(got["S"]) != rows {
		t.Fatalf("%d rows, want %d", len(got["S"]), rows)
	}
	last := got["S"][rows-1]
	if last.num != rows || len(last.cells) != cols || last.cells[cols-1] != strconv.Itoa(rows*cols-1) {
		t.Fatalf("last row %d: %d cells ending %q", last.num, len(last.cells), last.cells[len(last.cells)-1])
	}
	m := &maxReader{r: bytes.NewReader(stream)}
	if _, err := readStream(m, int64(len(stream))); err != nil {
		t.Fatal(err)
	}
	if m.max > streamChunk {
		t.Fatalf("one read asked for %d bytes, more than a chunk (%d)", m.max, streamChunk)
	}
}
