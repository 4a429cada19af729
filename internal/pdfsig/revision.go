package pdfsig

// at is the document as its revisions that start before end show it: the
// signed revision of a signature whose range ends at end. It shares the
// file's bytes and sections, not its caches. at returns nil when no
// revision starts before end.
func (d *document) at(end int) *document {
	v := &document{buf: d.buf, objects: map[int]any{}, objStms: map[int]*objStm{}}
	for _, s := range d.sections {
		if s.pos < end {
			v.sections = append(v.sections, s)
		}
	}
	if len(v.sections) == 0 {
		return nil
	}
	v.startx = v.sections[0].pos
	v.xref = v.merged(end)
	return v
}

// inUse reports whether the cross-reference x lists object n as present.
func inUse(x map[int]xrefEntry, n int) bool {
	e, ok := x[n]
	return ok && e.kind != 0
}
