package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zlib"
)

// Fixed object numbers of every document; image objects follow, then the
// label fonts, the seal and the document's fonts.
const (
	objCatalog = 1 + iota
	objPages
	objPage
	objContent
	objInfo
	objGState
	objFirstImage
)

// zlibPools hold zlib writers by level.
var zlibPools = map[int]*sync.Pool{}

func init() {
	for _, level := range []int{zlib.DefaultCompression} {
		zlibPools[level] = &sync.Pool{New: func() any {
			w, _ := zlib.NewWriterLevel(nil, level)
			return w
		}}
	}
}

// deflate appends data to dst as a zlib stream (PDF's FlateDecode) at
// level, one of zlibPools'.
func deflate(dst *bytes.Buffer, data []byte, level int) {
	pool := zlibPools[level]
	zw := pool.Get().(*zlib.Writer)
	zw.Reset(dst)
	_, _ = zw.Write(data) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	pool.Put(zw)
}

// deflateOnce compresses data at the default level: for what a Renderer
// encodes once, its images.
func deflateOnce(data []byte) []byte {
	var b bytes.Buffer
	deflate(&b, data, zlib.DefaultCompression)
	return b.Bytes()
}

// deflateShared compresses what the Renderer's prefix holds, written once:
// at the default level.
func deflateShared(dst *bytes.Buffer, data []byte) {
	deflate(dst, data, zlib.DefaultCompression)
}

// zlibHeader is a zlib stream's first two bytes: deflate, a 32 KiB window,
// the fastest level (RFC 1950).
var zlibHeader = []byte{0x78, 0x01}

// deflateFast appends data to dst as a zlib stream for each document's own
// streams (content, font subsets, ToUnicode). A stateless deflate: as fast
// as level 1 on the large inputs and with nothing to reset per stream, which
// for the 1–30 KB streams of a face costs more than compressing them.
func deflateFast(dst *bytes.Buffer, data []byte) {
	dst.Write(zlibHeader)
	_ = flate.StatelessDeflate(dst, data, true, nil) // writes to a bytes.Buffer do not fail
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], adler32.Checksum(data))
	dst.Write(sum[:])
}

// streamObject serialises a stream object; dict is an open "<< ..." without /Length.
func streamObject(num int, dict string, data []byte) []byte {
	return appendStream(make([]byte, 0, len(dict)+len(data)+64), num, dict, "", data)
}

// appendStream appends a stream object of data to b, its dictionary the
// open "<< ..." dict, then more, then /Length.
func appendStream(b []byte, num int, dict, more string, data []byte) []byte {
	b = strconv.AppendInt(b, int64(num), 10)
	b = append(b, " 0 obj\n"...)
	b = append(b, dict...)
	b = append(b, more...)
	b = append(b, " /Length "...)
	b = strconv.AppendInt(b, int64(len(data)), 10)
	b = append(b, " >>\nstream\n"...)
	b = append(b, data...)
	return append(b, "\nendstream\nendobj\n"...)
}

// pdfWriter assembles a document: objects in any order, then the xref table.
type pdfWriter struct {
	buf     bytes.Buffer
	offsets []int // by object number; 0 = not written
}

func newPDFWriter(size int) *pdfWriter {
	w := &pdfWriter{}
	w.buf.Grow(size)
	w.buf.WriteString(pdfHeader)
	return w
}

const pdfHeader = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

// prefix is what every document of a Renderer starts with: the header, the
// graphics state, the images and the label fonts, byte for byte the same each time, so that
// signing and hashing can resume after it (pdfsig.Prefix).
type prefix struct {
	data    []byte
	offsets []int // by object number
}

func newPrefix(imgObjs [][]byte, l *labels, labelNum int) (*prefix, error) {
	w := newPDFWriter(0)
	w.object(objGState, "<< /Type /ExtGState /ca 0.18 /CA 0.18 >>")
	for i, o := range imgObjs {
		w.raw(objFirstImage+i, o)
	}
	if err := l.write(w, labelNum); err != nil {
		return nil, err
	}
	return &prefix{data: w.buf.Bytes(), offsets: w.offsets}, nil
}

// with is the prefix followed by objects numbered from num on.
func (p *prefix) with(num int, objs [][]byte) *prefix {
	w := p.writer(0, nil)
	for i, o := range objs {
		w.raw(num+i, o)
	}
	return &prefix{data: w.buf.Bytes(), offsets: w.offsets}
}

// writer starts a document with the prefix already written and room for
// size more bytes, in a buffer of bufs when one is large enough (nil bufs:
// a new one). The prefix's bytes are copied, never appended to in place.
func (p *prefix) writer(size int, bufs *sync.Pool) *pdfWriter {
	n := len(p.data)
	var buf []byte
	if b, ok := pooled(bufs); ok && cap(b) >= n+size {
		buf = append(b[:0], p.data...)
	} else {
		buf = slices.Grow(p.data[:n:n], size)
	}
	return &pdfWriter{buf: *bytes.NewBuffer(buf), offsets: append([]int(nil), p.offsets...)}
}

func (w *pdfWriter) mark(num int) {
	for len(w.offsets) <= num {
		w.offsets = append(w.offsets, 0)
	}
	w.offsets[num] = w.buf.Len()
}

// object writes "num 0 obj body endobj".
func (w *pdfWriter) object(num int, body string) {
	w.mark(num)
	w.buf.WriteString(strconv.Itoa(num))
	w.buf.WriteString(" 0 obj\n")
	w.buf.WriteString(body)
	w.buf.WriteString("\nendobj\n")
}

// raw writes a serialised object (from streamObject).
func (w *pdfWriter) raw(num int, obj []byte) {
	w.mark(num)
	w.buf.Write(obj)
}

// stream writes a stream object deflating data (deflateFast); extra dict entries in dict.
func (w *pdfWriter) stream(num int, dict string, data []byte) {
	w.deflated(num, dict, data, deflateFast)
}

// deflated writes a stream object of data compressed by z.
func (w *pdfWriter) deflated(num int, dict string, data []byte, z func(*bytes.Buffer, []byte)) {
	b := scratch.Get().(*bytes.Buffer)
	b.Reset()
	z(b, data)
	w.mark(num)
	w.buf.Write(appendStream(w.buf.AvailableBuffer(), num, "<< /Filter /FlateDecode ", dict, b.Bytes()))
	if b.Cap() <= maxScratch {
		scratch.Put(b)
	}
}

// scratch holds the buffers streams are compressed into before they are
// written, up to maxScratch bytes each.
var scratch = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxScratch = 1 << 20

// finish writes the xref table and a trailer with the file identifier id
// (16 bytes) and returns the file.
func (w *pdfWriter) finish(id [16]byte) []byte {
	start := w.buf.Len()
	n := len(w.offsets)
	w.buf.WriteString("xref\n0 ")
	w.buf.WriteString(strconv.Itoa(n))
	w.buf.WriteString("\n0000000000 65535 f \n")
	var line [20]byte
	for i := 1; i < n; i++ {
		b := strconv.AppendInt(line[:0], int64(w.offsets[i]), 10)
		pad := 10 - len(b)
		copy(line[pad:], line[:len(b)])
		for j := 0; j < pad; j++ {
			line[j] = '0'
		}
		copy(line[10:], " 00000 n \n")
		if w.offsets[i] == 0 {
			copy(line[:], "0000000000 65535 f \n")
		}
		w.buf.Write(line[:])
	}
	w.buf.WriteString("trailer\n<< /Size ")
	w.buf.WriteString(strconv.Itoa(n))
	fmt.Fprintf(&w.buf, " /Root 1 0 R /Info 5 0 R /ID [<%x> <%x>] >>\nstartxref\n", id, id)
	w.buf.WriteString(strconv.Itoa(start))
	w.buf.WriteString("\n%%EOF\n")
	return w.buf.Bytes()
}

// textString encodes s as a PDF text string: UTF-16BE with a byte-order mark, in hex.
func textString(s string) string {
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = appendHex16(b, u)
	}
	return string(append(b, '>'))
}

const hexDigits = "0123456789ABCDEF"

func appendHex16(b []byte, u uint16) []byte {
	return append(b, hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15])
}

// appendNum appends a number with at most 3 decimals and no trailing zeros.
func appendNum(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.Abs(x) >= 1e12 {
		return appendNumSlow(b, x)
	}
	m := int64(math.Round(x * 1000)) // thousandths
	if m == 0 {
		return append(b, '0')
	}
	if m < 0 {
		b = append(b, '-')
		m = -m
	}
	b = strconv.AppendInt(b, m/1000, 10)
	frac := m % 1000
	if frac == 0 {
		return b
	}
	digits := [3]byte{byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
	n := 3
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// appendNumSlow is appendNum through strconv, for values out of int64's
// range in thousandths.
func appendNumSlow(b []byte, x float64) []byte {
	b = strconv.AppendFloat(b, x, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if len(b) >= 2 && string(b[len(b)-2:]) == "-0" && (len(b) == 2 || b[len(b)-3] == ' ') {
		b = append(b[:len(b)-2], '0')
	}
	return b
}
