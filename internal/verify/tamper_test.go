package verify

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"testing"
)

// appendUpdate appends a real PDF incremental update to pdf that replaces
// the objects given by number: the objects, a cross-reference section with
// one subsection per object and a trailer chained to the previous one by
// /Prev, as a PDF editor would write it.
func appendUpdate(t testing.TB, pdf []byte, objects map[int][]byte) []byte {
	t.Helper()
	tr := lastTrailer(t, pdf)
	var b bytes.Buffer
	b.Write(pdf)
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		b.WriteByte('\n')
	}
	nums := make([]int, 0, len(objects))
	for n := range objects {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	offsets := map[int]int{}
	size := tr.size
	for _, n := range nums {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, objects[n])
		size = max(size, n+1)
	}
	xref := b.Len()
	b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range nums {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root %s/Info %s/Prev %d>>\nstartxref\n%d\n%%%%EOF\n", size, tr.root, tr.info, tr.prev, xref)
	return b.Bytes()
}

type trailer struct {
	root, info string
	size, prev int
}

var (
	reRoot      = regexp.MustCompile(`/Root (\d+ \d+ R)`)
	reInfo      = regexp.MustCompile(`/Info (\d+ \d+ R)`)
	reSize      = regexp.MustCompile(`/Size (\d+)`)
	reStartxref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
)

// lastTrailer reads the newest trailer of a PDF with cross-reference tables.
func lastTrailer(t testing.TB, pdf []byte) trailer {
	t.Helper()
	i := bytes.LastIndex(pdf, []byte("trailer"))
	m := reStartxref.FindSubmatch(pdf)
	if i < 0 || m == nil {
		t.Fatal("no trailer or startxref at the end of the PDF")
	}
	tail := pdf[i:]
	root, info, size := reRoot.FindSubmatch(tail), reInfo.FindSubmatch(tail), reSize.FindSubmatch(tail)
	if root == nil || info == nil || size == nil {
		t.Fatalf("trailer without /Root, /Info or /Size: %.200s", tail)
	}
	tr := trailer{root: string(root[1]), info: string(info[1])}
	tr.size, _ = strconv.Atoi(string(size[1]))
	tr.prev, _ = strconv.Atoi(string(m[1]))
	return tr
}

// objNum finds the object number re captures in pdf (its last match).
func objNum(t testing.TB, pdf []byte, re string) int {
	t.Helper()
	all := regexp.MustCompile(re).FindAllSubmatch(pdf, -1)
	if len(all) == 0 {
		t.Fatalf("no %s in the PDF", re)
	}
	n, _ := strconv.Atoi(string(all[len(all)-1][1]))
	return n
}

// stream is an uncompressed stream object with extra dictionary entries.
func stream(dict string, data []byte) []byte {
	return fmt.Appendf(nil, "<<%s/Length %d>>\nstream\n%s\nendstream", dict, len(data), data)
}

// changePage replaces the page's content stream through an appended update.
func changePage(t testing.TB, pdf []byte) []byte {
	t.Helper()
	n := objNum(t, pdf, `/Contents (\d+) 0 R`)
	return appendUpdate(t, pdf, map[int][]byte{n: stream("", []byte("BT /F1 24 Tf 100 100 Td (FORGED) Tj ET"))})
}

// swapRecord replaces the embedded record file through an appended update.
func swapRecord(t testing.TB, pdf, envelope []byte) []byte {
	t.Helper()
	n := recordNum(t, pdf)
	return appendUpdate(t, pdf, map[int][]byte{n: stream("/Type /EmbeddedFile/Subtype /application#2Fjson", envelope)})
}

// recordNum is the number of the embedded-file stream that holds the record.
func recordNum(t testing.TB, pdf []byte) int {
	t.Helper()
	spec := objNum(t, pdf, `<7265636f72642e6a736f6e> (\d+) 0 R`) // "record.json" in the name tree
	m := regexp.MustCompile(fmt.Sprintf(`(?s)\n%d 0 obj.*?/EF <</F (\d+) 0 R`, spec)).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no /EF in file specification %d", spec)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// flipSigned flips one byte inside the first stream of the file, which the
// signature covers, leaving the structure readable.
func flipSigned(t testing.TB, pdf []byte) []byte {
	t.Helper()
	i := bytes.Index(pdf, []byte("stream\n"))
	if i < 0 {
		t.Fatal("no stream in the PDF")
	}
	out := bytes.Clone(pdf)
	out[i+len("stream\n")+16] ^= 0x01
	return out
}
