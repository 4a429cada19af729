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
	d, err := o.Outline.document(pdf)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errOutline, err)
	}
	return d, nil
}

// document is pdf as the outline describes it. Objects are read on demand
// at the outline's offsets, whose headers load checks.
func (l *Outline) document(pdf []byte) (*document, error) {
	if len(pdf) == 0 || len(pdf) > MaxFileSize {
		return nil, fmt.Errorf("%d bytes", len(pdf))
	}
	t, err := l.trailer(pdf)
	if err != nil {
		return nil, err
	}
	x := make(map[int]xrefEntry, len(l.Offsets))
	for num, off := range l.Offsets {
		if off > 0 && off < l.XRef {
			x[num] = xrefEntry{kind: 1, off: off}
		}
	}
	return &document{
		buf: pdf, startx: l.XRef, xref: x, objects: map[int]any{}, objStms: map[int]*objStm{},
		sections: []*section{{pos: l.XRef, trailer: t}},
	}, nil
}

// trailer reads the trailer after the outline's table, checking that the
// table has the outline's length and that startxref names it at the file's end.
func (l *Outline) trailer(pdf []byte) (Dict, error) {
	n := len(l.Offsets)
	head := "xref\n0 " + strconv.Itoa(n) + "\n"
	at := l.XRef + len(head) + 20*n
	if n == 0 || n > maxObjects || l.XRef <= 0 || at >= len(pdf) || !bytes.HasPrefix(pdf[l.XRef:], []byte(head)) {
		return nil, fmt.Errorf("no table of %d objects at byte %d", n, l.XRef)
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
	p.skip()
	end := "startxref\n" + strconv.Itoa(l.XRef) + "\n%%EOF\n"
	if string(pdf[p.pos:]) != end {
		return nil, fmt.Errorf("the file does not end with startxref %d", l.XRef)
	}
	return t, nil
}

// outlinedPage is the outline's page, checked to be one.
func (u *update) outlinedPage() (Ref, error) {
	p := Ref{u.o.Outline.Page, 0}
	if u.d.dict(p)["Type"] != Name("Page") {
		return Ref{}, fmt.Errorf("%w: object %d is not a page", errOutline, p.Num)
	}
	return p, nil
}
