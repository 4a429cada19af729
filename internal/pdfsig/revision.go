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

// revField is a signature field as one revision of the file shows it.
type revField struct {
	sigField
	view *document
}

// everySignatureField finds the signature fields of every revision, newest
// first, each signature dictionary (by its place in the file) once: a later
// update that drops a signature field from the form does not hide the
// signature, whose check then judges that update.
func (d *document) everySignatureField() []revField {
	var out []revField
	seen := map[int]bool{}
	for i, s := range d.sections {
		view := d
		if i > 0 {
			view = d.at(s.pos + 1)
		}
		if i > 0 && !hasForm(view) {
			continue
		}
		for _, f := range signatureFields(view) {
			r, _ := f.v.(Ref)
			e, ok := view.xref[r.Num]
			if ok && e.kind == 1 && seen[e.off] {
				continue
			}
			seen[e.off] = true
			out = append(out, revField{f, view})
		}
	}
	return out
}

// hasForm reports whether the catalog of view has an /AcroForm entry.
func hasForm(view *document) bool {
	return view.dict(view.trailer()["Root"])["AcroForm"] != nil
}
