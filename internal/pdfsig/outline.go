package pdfsig

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// Outline is what the program that has just written a PDF knows of its
// structure, handed to Sign (Options.Outline) so that the update is written
// without parsing the file's cross-reference table or walking its page
// tree. It describes a file with one cross-reference section, a classic
// table of every object from 0 (entries of 20 bytes) followed by the
// trailer and startxref at the file's end, every object of generation 0.
// Sign reads the trailer and the objects it rewrites (the catalog, the page,
// the document information) at the offsets given and checks what it uses
// against the bytes: a stale outline is an error, never a wrong file.
type Outline struct {
	XRef    int   // offset of the cross-reference table, which startxref names
	Offsets []int // the byte offset of each object by number; 0: free
	Page    int   // the page that gets the signature widget
}

// errOutline is the cause of Sign's error when Options.Outline does not
// describe the PDF it is given.
var errOutline = errors.New("the outline given does not describe the PDF")

// document is the parsed document pdf, from the outline when there is one.
func (o *Options) document(pdf []byte) (*document, error) {
	if o.Outline == nil {
		return open(pdf)
	}
	if err := checkFile(pdf); err != nil {
		return nil, err
	}
	d, err := o.Outline.document(pdf)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errOutline, err)
	}
	return d, nil
}

// document is pdf as the outline describes it. Objects are read on demand
// at the outline's offsets, whose headers load checks.
func (l *Outline) document(pdf []byte) (*document, error) {
	t, err := l.trailer(pdf)
	if err != nil {
		return nil, err
	}
	x := make(map[int]xrefEntry, len(l.Offsets))
	for num, off := range l.Offsets {
		if off > 0 {
			x[num] = xrefEntry{kind: 1, off: off}
		}
	}
	return &document{
		buf: pdf, startx: l.XRef, xref: x, objects: map[int]any{}, objStms: map[int]*objStm{},
		sections: []*section{{pos: l.XRef, trailer: t}},
	}, nil
}

// trailer reads the trailer after the outline's table, checking that the
// table holds the outline's offsets, that the trailer has no other section
// (/Prev, /XRefStm) or entry the outline does not describe, and that
// startxref names the table at the file's end.
func (l *Outline) trailer(pdf []byte) (Dict, error) {
	n := len(l.Offsets)
	head := "xref\n0 " + strconv.Itoa(n) + "\n"
	if n == 0 || n > maxObjects || l.XRef <= 0 || l.XRef >= len(pdf) {
		return nil, fmt.Errorf("no table of %d objects at byte %d", n, l.XRef)
	}
	at := l.XRef + len(head) + 20*n // no overflow: l.XRef < MaxFileSize, n ≤ maxObjects
	if at >= len(pdf) || !bytes.HasPrefix(pdf[l.XRef:], []byte(head)) {
		return nil, fmt.Errorf("no table of %d objects at byte %d", n, l.XRef)
	}
	if err := l.checkTable(pdf[l.XRef+len(head) : at]); err != nil {
		return nil, err
	}
	p := &parser{buf: pdf, pos: at}
	if !p.keyword("trailer") {
		return nil, fmt.Errorf("no trailer at byte %d", at)
	}
	v, err := p.value(0)
	t, ok := v.(Dict)
	if err != nil || !ok || t["Size"] != int64(n) {
		return nil, fmt.Errorf("the trailer at byte %d is not one of %d objects", at, n)
	}
	for k := range t {
		if k != "Size" && k != "Root" && k != "Info" && k != "ID" {
			return nil, fmt.Errorf("the trailer at byte %d has /%s, which an outline does not describe", at, k)
		}
	}
	p.skip()
	end := "startxref\n" + strconv.Itoa(l.XRef) + "\n%%EOF\n"
	if string(pdf[p.pos:]) != end {
		return nil, fmt.Errorf("the file does not end with startxref %d", l.XRef)
	}
	return t, nil
}

// checkTable checks that the table's entries are the outline's offsets,
// as the renderer writes them: what Sign reads at an offset is then what a
// reader of the file finds there.
func (l *Outline) checkTable(table []byte) error {
	for num, off := range l.Offsets {
		if off < 0 || off >= l.XRef || (num == 0 && off != 0) {
			return fmt.Errorf("object %d at byte %d is outside the objects", num, off)
		}
		e, kind := table[20*num:20*num+20], " 00000 n \n"
		if off == 0 {
			kind = " 65535 f \n"
		}
		if got, ok := digits10(e); !ok || got != off || string(e[10:]) != kind {
			return fmt.Errorf("the table's entry for object %d is not byte %d", num, off)
		}
	}
	return nil
}

// digits10 is the number e's first 10 bytes spell in decimal digits.
func digits10(e []byte) (int, bool) {
	n := 0
	for _, c := range e[:10] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// outlinedPage is the outline's page, checked to be a page and the first
// of the page tree, as the parsed path finds it.
func (u *update) outlinedPage() (Ref, error) {
	p := Ref{u.o.Outline.Page, 0}
	if first, err := firstPage(u.d, u.catalog["Pages"], 0); err != nil || first != p {
		return Ref{}, fmt.Errorf("%w: object %d is not the first page", errOutline, p.Num)
	}
	return p, nil
}
