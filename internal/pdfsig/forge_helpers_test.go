package pdfsig

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"maps"
	"slices"
	"testing"
)

// forge builds an incremental update by hand, the way an attacker would:
// objects written as raw PDF syntax, then a cross-reference in the form
// asked for, with correct offsets unless told otherwise.
type forge struct {
	t       testing.TB
	d       *document
	b       []byte
	offs    map[int]int
	free    []int
	next    int
	trailer Dict // entries to set or (nil value) drop in the trailer
	entries map[int]xrefEntry
}

func newForge(t testing.TB, pdf []byte) *forge {
	t.Helper()
	f := tryForge(t, pdf)
	if f == nil {
		t.Fatalf("open: the file does not parse")
	}
	return f
}

// tryForge is newForge, or nil when pdf does not parse.
func tryForge(t testing.TB, pdf []byte) *forge {
	d, err := open(pdf)
	if err != nil {
		return nil
	}
	f := &forge{t: t, d: d, b: bytes.Clone(pdf), offs: map[int]int{}, trailer: Dict{}, entries: map[int]xrefEntry{}}
	if c := f.b[len(f.b)-1]; c != '\n' && c != '\r' {
		f.b = append(f.b, '\n')
	}
	for n := range d.xref {
		f.next = max(f.next, n+1)
	}
	if s, ok := d.trailer()["Size"].(int64); ok {
		f.next = max(f.next, int(s))
	}
	return f
}

// num returns a fresh object number.
func (f *forge) num() int { f.next++; return f.next - 1 }

// obj writes object n with body (raw PDF syntax).
func (f *forge) obj(n int, body string) *forge {
	f.offs[n] = len(f.b)
	f.b = fmt.Appendf(f.b, "%d 0 obj\n%s\nendobj\n", n, body)
	return f
}

// stream writes stream object n with the dictionary entries dict (raw) and data.
func (f *forge) stream(n int, dict string, data []byte) *forge {
	f.offs[n] = len(f.b)
	f.b = fmt.Appendf(f.b, "%d 0 obj\n<<%s/Length %d>>\nstream\n", n, dict, len(data))
	f.b = append(f.b, data...)
	f.b = append(f.b, "\nendstream\nendobj\n"...)
	return f
}

// value formats v as PDF syntax.
func value(v any) string {
	w := &writer{}
	return string(w.value(v).b)
}

// dict is a copy of the dictionary v names in the newest revision (never nil).
func (f *forge) dict(v any) Dict {
	if d := maps.Clone(f.d.dict(v)); d != nil {
		return d
	}
	return Dict{}
}

// root, info, page and content are the catalog, the Info dictionary, the first page and its content stream.
func (f *forge) root() Ref { r, _ := f.d.trailer()["Root"].(Ref); return r }
func (f *forge) info() Ref { r, _ := f.d.trailer()["Info"].(Ref); return r }
func (f *forge) page() Ref {
	p, _ := firstPage(f.d, f.d.dict(f.root())["Pages"], 0)
	return p
}
func (f *forge) content() Ref { r, _ := f.d.dict(f.page())["Contents"].(Ref); return r }

// trailerDict is the new trailer: Root, Info and Prev of the last one, then f.trailer.
func (f *forge) trailerDict() Dict {
	old := f.d.trailer()
	t := Dict{"Root": old["Root"], "Prev": f.d.startx, "Size": f.next}
	if old["Info"] != nil {
		t["Info"] = old["Info"]
	}
	for k, v := range f.trailer {
		if v == nil {
			delete(t, k)
		} else {
			t[k] = v
		}
	}
	return t
}

// table finishes the update with a classic cross-reference table.
func (f *forge) table() []byte {
	start := len(f.b)
	f.b = append(f.b, "xref\n"...)
	for _, n := range f.numbers() {
		e := f.entry(n)
		kind := "n"
		if e.kind == 0 {
			kind = "f"
		}
		f.b = fmt.Appendf(f.b, "%d 1\n%010d %05d %s\r\n", n, e.off, e.gen, kind)
	}
	f.b = fmt.Appendf(f.b, "trailer\n%s\nstartxref\n%d\n%%%%EOF\n", value(f.trailerDict()), start)
	return f.b
}

// xrefStream finishes the update with a cross-reference stream numbered n
// (a fresh number if n is 0).
func (f *forge) xrefStream(n int) []byte {
	if n == 0 {
		n = f.num()
	}
	start := len(f.b)
	f.offs[n] = start
	f.xrefObject(n, f.numbers())
	f.b = fmt.Appendf(f.b, "startxref\n%d\n%%%%EOF\n", start)
	return f.b
}

// xrefObject writes cross-reference stream n listing the objects nums.
func (f *forge) xrefObject(n int, nums []int) {
	var data []byte
	var index Array
	for _, m := range nums {
		e := f.entry(m)
		index = append(index, m, 1)
		off := e.off
		data = append(data, e.kind, byte(off>>24), byte(off>>16), byte(off>>8), byte(off), byte(e.idx>>8|e.gen>>8), byte(e.idx|e.gen))
	}
	t := f.trailerDict()
	t["Type"], t["W"], t["Index"] = Name("XRef"), Array{1, 4, 2}, index
	t["Size"] = max(f.next, n+1)
	w := &writer{b: f.b, offs: map[int]int{}, gens: map[int]int{}}
	w.stream(Ref{n, 0}, t, data)
	f.b = w.b
}

func (f *forge) numbers() []int {
	set := map[int]bool{}
	for n := range f.offs {
		set[n] = true
	}
	for _, n := range f.free {
		set[n] = true
	}
	for n := range f.entries {
		set[n] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func (f *forge) entry(n int) xrefEntry {
	if e, ok := f.entries[n]; ok {
		return e
	}
	if slices.Contains(f.free, n) {
		return xrefEntry{kind: 0, gen: 1}
	}
	return xrefEntry{kind: 1, off: f.offs[n]}
}

// objStm writes an object stream n holding the objects (number → raw body)
// and lists them as compressed entries.
func (f *forge) objStm(n int, objs map[int]string) *forge {
	var head, body []byte
	nums := slices.Sorted(maps.Keys(objs))
	for i, m := range nums {
		head = fmt.Appendf(head, "%d %d ", m, len(body))
		body = append(body, objs[m]...)
		body = append(body, '\n')
		f.entries[m] = xrefEntry{kind: 2, off: n, idx: i}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(append(head, body...))
	zw.Close()
	return f.stream(n, fmt.Sprintf("/Type/ObjStm/N %d/First %d/Filter/FlateDecode", len(nums), len(head)), z.Bytes())
}

// withAnnot returns the page dictionary with r appended to its /Annots.
func (f *forge) withAnnot(r Ref) string {
	page := f.dict(f.page())
	annots, _ := f.d.resolveArray(page["Annots"])
	page["Annots"] = append(slices.Clone(annots), r)
	return value(page)
}

// withField returns the AcroForm dictionary with r appended to its /Fields.
func (f *forge) withField(r Ref) (Ref, string) {
	ref, _ := f.d.dict(f.root())["AcroForm"].(Ref)
	acro := f.dict(ref)
	fields, _ := f.d.resolveArray(acro["Fields"])
	acro["Fields"] = append(slices.Clone(fields), r)
	return ref, value(acro)
}

// faceText is a content stream that draws text over the page.
var faceText = []byte("BT /F1 24 Tf 50 700 Td (Holder: Forged Name Ltd) Tj ET")
