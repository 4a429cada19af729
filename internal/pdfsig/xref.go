package pdfsig

import (
	"bytes"
	"fmt"
	"strconv"
)

// Limits on outside input.
const (
	// MaxFileSize is the largest PDF Sign and Verify accept.
	MaxFileSize = 64 << 20
	maxObjects  = 1 << 22
	maxSections = 256
	maxDecoded  = 32 << 20
)

// xrefEntry locates one object: kind 1 at an offset, kind 2 inside an
// object stream, kind 0 free.
type xrefEntry struct {
	kind byte
	off  int // byte offset (kind 1) or object stream number (kind 2)
	idx  int // index inside the object stream (kind 2)
	gen  int
}

// section is one cross-reference section (a table with its trailer, or an
// xref stream), i.e. one revision of the file.
type section struct {
	pos     int // offset of the "xref" keyword or of the xref stream object
	trailer Dict
	entries map[int]xrefEntry
	stream  bool
}

// document is a parsed PDF: its cross-reference sections, newest first.
type document struct {
	buf      []byte
	sections []*section
	xref     map[int]xrefEntry
	startx   int // offset named by the last startxref
	objects  map[int]any
	objStms  map[int]*objStm
	resolves int
}

// open parses the cross-reference chain of buf.
func open(buf []byte) (*document, error) {
	if err := checkFile(buf); err != nil {
		return nil, err
	}
	start, err := findStartXref(buf)
	if err != nil {
		return nil, err
	}
	d := &document{buf: buf, startx: start, objects: map[int]any{}, objStms: map[int]*objStm{}}
	if err := d.loadChain(start); err != nil {
		return nil, err
	}
	d.xref = d.merged(len(buf) + 1)
	return d, nil
}

// checkFile checks what every PDF Sign reads must be, parsed or outlined:
// not empty, within MaxFileSize, with %PDF- in its first 1024 bytes.
func checkFile(buf []byte) error {
	if len(buf) == 0 {
		return ErrEmpty
	}
	if len(buf) > MaxFileSize {
		return fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(buf), MaxFileSize)
	}
	if !bytes.Contains(buf[:min(len(buf), 1024)], []byte("%PDF-")) {
		return ErrNotPDF
	}
	return nil
}

// findStartXref reads the offset after the last "startxref" in the file's tail.
func findStartXref(buf []byte) (int, error) {
	tail := buf[max(0, len(buf)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 || !bytes.Contains(tail[i:], []byte("%%EOF")) {
		return 0, ErrTruncated
	}
	p := &parser{buf: tail, pos: i + len("startxref")}
	n, err := strconv.Atoi(string(p.word()))
	if err != nil || n < 0 || n >= len(buf) {
		return 0, fmt.Errorf("%w: startxref does not name an offset inside the file", ErrDamaged)
	}
	return n, nil
}

// loadChain follows /Prev from the section at off.
func (d *document) loadChain(off int) error {
	seen := map[int]bool{}
	for {
		if seen[off] || len(d.sections) >= maxSections {
			return fmt.Errorf("%w: cross-reference sections form a loop", ErrDamaged)
		}
		seen[off] = true
		s, err := d.loadSection(off)
		if err != nil {
			return fmt.Errorf("%w: cross-reference section at byte %d: %v", ErrDamaged, off, err)
		}
		d.sections = append(d.sections, s)
		prev, ok := s.trailer["Prev"].(int64)
		if !ok {
			return nil
		}
		if prev < 0 || prev >= int64(len(d.buf)) {
			return fmt.Errorf("%w: /Prev %d is outside the file", ErrDamaged, prev)
		}
		off = int(prev)
	}
}

// loadSection reads the xref table or xref stream at off.
func (d *document) loadSection(off int) (*section, error) {
	p := &parser{buf: d.buf, pos: off}
	if p.keyword("xref") {
		s, err := d.table(p)
		if err != nil {
			return nil, err
		}
		s.pos = off
		if x, ok := s.trailer["XRefStm"].(int64); ok && x > 0 && x < int64(len(d.buf)) {
			if hs, err := d.xrefStream(int(x)); err == nil {
				for n, e := range hs.entries {
					if old, ok := s.entries[n]; !ok || old.kind == 0 {
						s.entries[n] = e
					}
				}
			}
		}
		return s, nil
	}
	return d.xrefStream(off)
}

// table parses a classic cross-reference table and its trailer.
func (d *document) table(p *parser) (*section, error) {
	s := &section{entries: map[int]xrefEntry{}}
	for !p.keyword("trailer") {
		first, err1 := strconv.Atoi(string(p.word()))
		count, err2 := strconv.Atoi(string(p.word()))
		if err1 != nil || err2 != nil || first < 0 || count < 0 || first+count > maxObjects {
			return nil, p.errorf("bad subsection header")
		}
		for i := range count {
			off, err1 := strconv.Atoi(string(p.word()))
			gen, err2 := strconv.Atoi(string(p.word()))
			kind := string(p.word())
			if err1 != nil || err2 != nil || (kind != "n" && kind != "f") {
				return nil, p.errorf("bad entry for object %d", first+i)
			}
			e := xrefEntry{off: off, gen: gen}
			if kind == "n" {
				e.kind = 1
			}
			s.entries[first+i] = e
		}
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	t, ok := v.(Dict)
	if !ok {
		return nil, p.errorf("trailer is not a dictionary")
	}
	s.trailer = t
	return s, nil
}

// merged is the cross-reference as of the revisions that start before end.
func (d *document) merged(end int) map[int]xrefEntry {
	m := map[int]xrefEntry{}
	for _, s := range d.sections {
		if s.pos >= end {
			continue
		}
		for n, e := range s.entries {
			if _, ok := m[n]; !ok {
				m[n] = e
			}
		}
	}
	return m
}

// trailer is the newest trailer dictionary.
func (d *document) trailer() Dict { return d.sections[0].trailer }
