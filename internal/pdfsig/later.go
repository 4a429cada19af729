package pdfsig

import (
	"bytes"
	"fmt"
	"maps"
	"strconv"
)

// laterRev is one incremental update after a signed range, as its bytes are
// laid out: objects, one cross-reference section, startxref and %%EOF.
type laterRev struct {
	start, end int // its bytes, up to just past its %%EOF
	offs       map[int]int
	gens       map[int]int
	xrefAt     int // offset of its xref table or xref stream object, -1 if none
	startxref  int // the offset its startxref names
}

func newLaterRev(start int) *laterRev {
	return &laterRev{start: start, offs: map[int]int{}, gens: map[int]int{}, xrefAt: -1}
}

// scanLater reads the bytes from end on as a sequence of incremental updates.
// Anything else — data between objects, comments, a stream whose /Length is
// wrong, an object defined twice in one update — is an error: readers that
// rebuild a damaged file would see other objects than the cross-reference.
func (d *document) scanLater(end int) ([]*laterRev, error) {
	var revs []*laterRev
	p := &parser{buf: d.buf, pos: end}
	cur := newLaterRev(end)
	for {
		skipWhite(p)
		if p.pos >= len(p.buf) {
			break
		}
		at := p.pos
		c := p.buf[at]
		switch {
		case c >= '0' && c <= '9':
			if err := d.scanObject(p, cur); err != nil {
				return nil, err
			}
		case p.keyword("xref"):
			if cur.xrefAt >= 0 {
				return nil, fmt.Errorf("a second cross-reference section at byte %d in one update", at)
			}
			cur.xrefAt = at
			if _, err := d.table(p); err != nil {
				return nil, fmt.Errorf("cross-reference table at byte %d: %v", at, err)
			}
		case p.keyword("startxref"):
			n, err := strconv.Atoi(string(p.word()))
			skipWhite(p)
			if err != nil || !bytes.HasPrefix(p.buf[p.pos:], []byte("%%EOF")) {
				return nil, fmt.Errorf("startxref at byte %d is not followed by an offset and %%%%EOF", at)
			}
			p.pos += len("%%EOF")
			cur.end, cur.startxref = p.pos, n
			revs = append(revs, cur)
			cur = newLaterRev(p.pos)
		default:
			return nil, fmt.Errorf("unexpected data at byte %d: %.16q", at, p.buf[at:min(len(p.buf), at+16)])
		}
	}
	if len(cur.offs) > 0 || cur.xrefAt >= 0 {
		return nil, fmt.Errorf("the update at byte %d does not end with startxref and %%%%EOF", cur.start)
	}
	return revs, nil
}

// skipWhite moves past white space only: a comment in an update is data.
func skipWhite(p *parser) {
	for p.pos < len(p.buf) && isSpace(p.buf[p.pos]) {
		p.pos++
	}
}

// scanObject reads the indirect object at p.pos, through its endobj.
func (d *document) scanObject(p *parser, cur *laterRev) error {
	at := p.pos
	o, err := d.indirect(at)
	if err != nil {
		return fmt.Errorf("object at byte %d: %v", at, err)
	}
	if o.end < 0 {
		return fmt.Errorf("object %d at byte %d: its stream /Length is wrong", o.num, at)
	}
	p.pos = o.end
	if !p.keyword("endobj") {
		return fmt.Errorf("object %d at byte %d does not end with endobj", o.num, at)
	}
	if prev, dup := cur.offs[o.num]; dup {
		return fmt.Errorf("object %d is defined twice in one update, at bytes %d and %d", o.num, prev, at)
	}
	cur.offs[o.num], cur.gens[o.num] = at, o.gen
	if s, ok := o.v.(*Stream); ok && s.Dict["Type"] == Name("XRef") && d.sectionAt(at) != nil {
		cur.xrefAt = at
	}
	return nil
}

// sectionAt is the cross-reference section of the chain at off, or nil.
func (d *document) sectionAt(off int) *section {
	for _, s := range d.sections {
		if s.pos == off {
			return s
		}
	}
	return nil
}

// laterError is a reason the bytes after a signed range are not acceptable;
// appended says they are not a valid incremental update at all.
type laterError struct {
	appended bool
	why      string
}

func appendedf(format string, a ...any) *laterError {
	return &laterError{true, fmt.Sprintf(format, a...)}
}

func modifiedf(format string, a ...any) *laterError {
	return &laterError{false, fmt.Sprintf(format, a...)}
}

// checkLater checks the updates after the signed range ending at end
// against the cross-reference chain: each update is one section of the
// chain, in file order, naming exactly the objects it defines.
func (d *document) checkLater(end int) ([]*laterRev, map[int]bool, *laterError) {
	revs, err := d.scanLater(end)
	if err != nil {
		return nil, nil, appendedf("%v", err)
	}
	later, lerr := d.laterSections(end, revs)
	if lerr != nil {
		return nil, nil, lerr
	}
	base := d.at(end)
	prior := maps.Clone(base.xref)
	xrefNums := map[int]bool{}
	for j, r := range revs {
		sec := later[len(later)-1-j]
		if lerr := checkTrailer(sec, base.trailer()); lerr != nil {
			return nil, nil, lerr
		}
		if sec.stream {
			n := d.numAt(r, sec.pos)
			if inUse(prior, n) {
				return nil, nil, modifiedf("the cross-reference stream at byte %d reuses object number %d", sec.pos, n)
			}
			xrefNums[n] = true
		}
		if lerr := checkEntries(r, sec, prior); lerr != nil {
			return nil, nil, lerr
		}
		for n, e := range sec.entries {
			prior[n] = e
		}
	}
	return revs, xrefNums, nil
}

// numAt is the number of the object r defines at off.
func (d *document) numAt(r *laterRev, off int) int {
	for n, o := range r.offs {
		if o == off {
			return n
		}
	}
	return -1
}

// laterSections matches the chain's sections after end with the updates
// found in the bytes: newest first in the chain, last in the file.
func (d *document) laterSections(end int, revs []*laterRev) ([]*section, *laterError) {
	k := 0
	for k < len(d.sections) && d.sections[k].pos >= end {
		k++
	}
	for _, s := range d.sections[k:] {
		if s.pos >= end {
			return nil, appendedf("the cross-reference chain goes back to byte %d after the signed range", s.pos)
		}
	}
	if k != len(revs) || k == len(d.sections) {
		return nil, appendedf("%d updates follow the signed range, but the cross-reference chain has %d sections after it", len(revs), k)
	}
	signedStart, err := findStartXref(d.buf[:end])
	if err != nil || signedStart != d.sections[k].pos {
		return nil, appendedf("the cross-reference chain does not lead back to the signed revision's own section")
	}
	for j, r := range revs {
		sec := d.sections[k-1-j]
		prev := d.sections[k-j].pos
		if sec.pos != r.startxref || sec.pos != r.xrefAt {
			return nil, appendedf("the update at bytes %d–%d is not the section its startxref names", r.start, r.end)
		}
		if p, _ := sec.trailer["Prev"].(int64); p != int64(prev) {
			return nil, appendedf("the update at byte %d has /Prev %d, not %d", sec.pos, p, prev)
		}
	}
	return d.sections[:k], nil
}

// trailerKeys are the keys a later revision's trailer (or xref stream
// dictionary) may carry.
var trailerKeys = map[Name]bool{"Size": true, "Prev": true, "Root": true, "Info": true, "ID": true,
	"Type": true, "W": true, "Index": true, "Length": true, "Filter": true, "DecodeParms": true}

// checkTrailer allows a later trailer only the signed revision's /Root and
// /Info, and no hybrid /XRefStm or other entries.
func checkTrailer(sec *section, signed Dict) *laterError {
	for k := range sec.trailer {
		switch {
		case k == "XRefStm":
			return appendedf("the update at byte %d has a hybrid cross-reference (/XRefStm): readers disagree on which objects it holds", sec.pos)
		case !trailerKeys[k] || !sec.stream && (k == "Type" || k == "W" || k == "Index" || k == "Length" || k == "Filter" || k == "DecodeParms"):
			return modifiedf("the trailer of the update at byte %d has /%s", sec.pos, k)
		}
	}
	for _, k := range []Name{"Root", "Info"} {
		if !equal(sec.trailer[k], signed[k]) {
			return modifiedf("the trailer of the update at byte %d changes /%s", sec.pos, k)
		}
	}
	return nil
}

// checkEntries checks each cross-reference entry of update r against the
// objects it defines and the state before it (prior).
func checkEntries(r *laterRev, sec *section, prior map[int]xrefEntry) *laterError {
	for n, e := range sec.entries {
		switch {
		case e.kind == 2:
			return modifiedf("object %d is stored in object stream %d by a later update (compressed objects are not allowed after signing)", n, e.off)
		case e.kind == 0:
			if n != 0 && inUse(prior, n) {
				return modifiedf("object %d was freed after signing", n)
			}
		case e.off < r.start:
			if old, ok := prior[n]; !ok || old != e {
				return modifiedf("the update at byte %d points object %d back at byte %d", sec.pos, n, e.off)
			}
		case r.offs[n] != e.off || r.gens[n] != e.gen:
			return appendedf("the update at byte %d says object %d %d is at byte %d, but it is not defined there", sec.pos, n, e.gen, e.off)
		}
	}
	for n, off := range r.offs {
		if e, ok := sec.entries[n]; off != sec.pos && (!ok || e.kind != 1 || e.off != off) {
			return appendedf("object %d at byte %d is not in its update's cross-reference", n, off)
		}
	}
	return nil
}
