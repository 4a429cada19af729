package pdfsig

import (
	"crypto/md5"
	"fmt"
	"maps"
	"strconv"
)

// update is the incremental update Sign appends: what it read from the
// document and the numbers of the objects it adds.
type update struct {
	d       *document
	o       Options
	next    int  // next free object number
	root    Ref  // catalog
	catalog Dict // current catalog entries
	page    Ref  // page that carries the signature widget
	field   string
	digits  int // the hex digits /Contents holds: the longest CMS the signer makes
}

// contentsSlack is the zero bytes /Contents keeps after the longest CMS: every
// file then has padding, whose canonical form (all zero) verification checks.
const contentsSlack = 8

func newUpdate(d *document, o Options, s suite) (*update, error) {
	t := d.trailer()
	root, ok := t["Root"].(Ref)
	if !ok {
		return nil, fmt.Errorf("%w: the trailer has no /Root", ErrDamaged)
	}
	catalog := d.dict(root)
	if catalog == nil {
		return nil, fmt.Errorf("%w: the document catalog is missing", ErrDamaged)
	}
	size, _ := t["Size"].(int64)
	u := &update{d: d, o: o, root: root, catalog: catalog, next: int(size)}
	for n := range d.xref {
		u.next = max(u.next, n+1)
	}
	if u.next <= 0 || u.next > maxObjects-64-2*len(o.Attachments) {
		return nil, fmt.Errorf("%w: bad /Size %d", ErrDamaged, size)
	}
	err := o.Appearance.checkObject(d)
	if err != nil {
		return nil, err
	}
	if u.page, err = u.firstPage(); err != nil {
		return nil, err
	}
	u.field = u.freeFieldName()
	n, err := cmsSize(s, o.Chain, o.Time)
	if err != nil {
		return nil, err
	}
	u.digits = 2 * (n + contentsSlack)
	return u, nil
}

// firstPage is the page the widget goes on: the outline's, or the first.
func (u *update) firstPage() (Ref, error) {
	if u.o.Outline != nil {
		return u.outlinedPage()
	}
	return firstPage(u.d, u.catalog["Pages"], 0)
}

// firstPage walks the page tree down its first kids to a page.
func firstPage(d *document, node any, depth int) (Ref, error) {
	r, ok := node.(Ref)
	dict := d.dict(node)
	if !ok || dict == nil || depth > maxDepth {
		return Ref{}, fmt.Errorf("%w: the page tree has no page", ErrDamaged)
	}
	if dict["Type"] == Name("Page") {
		return r, nil
	}
	kids, _ := d.resolveArray(dict["Kids"])
	if len(kids) == 0 {
		return Ref{}, fmt.Errorf("%w: the page tree has no page", ErrDamaged)
	}
	return firstPage(d, kids[0], depth+1)
}

// resolveArray resolves v to an array.
func (d *document) resolveArray(v any) (Array, bool) {
	v, err := d.resolve(v)
	a, ok := v.(Array)
	return a, ok && err == nil
}

// existingFields returns the current AcroForm (copied) and its fields.
func (u *update) existingFields() (Dict, Array) {
	acro := maps.Clone(u.d.dict(u.catalog["AcroForm"]))
	if acro == nil {
		acro = Dict{}
	}
	fields, _ := u.d.resolveArray(acro["Fields"])
	return acro, fields
}

// freeFieldName picks SignatureN not used by a top-level field yet.
func (u *update) freeFieldName() string {
	_, fields := u.existingFields()
	used := map[string]bool{}
	for _, f := range fields {
		if t, ok := u.d.dict(f)["T"].(String); ok {
			used[t.Text()] = true
		}
	}
	for i := 1; ; i++ {
		if n := "Signature" + strconv.Itoa(i); !used[n] {
			return n
		}
	}
}

// write produces the signed file with the /Contents placeholder still zero;
// gap is the span of the /Contents hex string, including its angle brackets.
func (u *update) write() ([]byte, [2]int) {
	pdf := u.d.buf
	w := &writer{offs: make(map[int]int, 16)}
	if need := u.estimate() + 1; cap(pdf)-len(pdf) >= need {
		w.b = pdf // the update goes into pdf's spare room, as append would put it (Sign)
	} else {
		w.b = append(make([]byte, 0, len(pdf)+need), pdf...)
	}
	if c := pdf[len(pdf)-1]; c != '\n' && c != '\r' {
		w.str("\n")
	}
	sigNum, fieldNum := u.next, u.next+1
	u.next += 2
	widget := Dict{
		"Type": Name("Annot"), "Subtype": Name("Widget"), "FT": Name("Sig"),
		"T": raw(textString(u.field)), "V": Ref{sigNum, 0}, "F": 132, "P": u.page,
	}
	if widget["Rect"], widget["AP"] = u.widgetLook(w); widget["AP"] == nil {
		delete(widget, "AP")
	}
	w.object(fieldNum, widget)
	catalog := maps.Clone(u.catalog)
	acro, fields := u.existingFields()
	acro["Fields"] = append(fields[:len(fields):len(fields)], Ref{fieldNum, 0})
	acro["SigFlags"] = 3
	catalog["AcroForm"] = u.put(w, catalog["AcroForm"], acro)
	info := u.d.trailer()["Info"] // a later signature leaves it alone
	if len(u.o.Info) > 0 {
		info = u.put(w, info, u.info())
		x := u.reuse(catalog["Metadata"])
		w.stream(x, Dict{"Type": Name("Metadata"), "Subtype": Name("XML")}, xmp(u.o))
		catalog["Metadata"] = x
	}
	u.attachments(w, catalog)
	w.begin(u.root.Num, u.root.Gen).value(catalog).end()
	u.addWidget(w, Ref{fieldNum, 0})
	// The signature dictionary comes last, so that what follows /Contents is
	// only its end and the xref: a verifier that also hashes the whole file
	// (the ledger's SM3) hashes the images and attachments once, not twice.
	brPos, gap := u.sigDict(w, sigNum)
	u.xref(w, info)
	var br [44]byte
	b := append(br[:0], "[0 "...)
	b = append(appendPadded(b, gap[0], 10), ' ')
	b = append(appendPadded(b, gap[1], 10), ' ')
	b = append(appendPadded(b, len(w.b)-gap[1], 10), ']')
	copy(w.b[brPos:], b)
	return w.b, gap
}

// reuse returns old if it is a reference (an object this update rewrites),
// else a new object number.
func (u *update) reuse(old any) Ref {
	if r, ok := old.(Ref); ok {
		return r
	}
	u.next++
	return Ref{u.next - 1, 0}
}

// put writes v as the object old refers to, or as a new object, and returns its reference.
func (u *update) put(w *writer, old any, v any) Ref {
	r := u.reuse(old)
	w.begin(r.Num, r.Gen).value(v).end()
	return r
}

// estimate is the size of the update, so the output is allocated once.
func (u *update) estimate() int {
	n := 8192 + u.digits + u.o.Appearance.size()
	for _, a := range u.o.Attachments {
		n += len(a.Data) + 512
	}
	return n
}

// sigDict writes the signature dictionary with placeholders for /ByteRange
// and /Contents. /Contents comes last: the whole-file SM3 resumes at it, so
// that what it hashes twice is only the dictionary's end and the xref.
func (u *update) sigDict(w *writer, num int) (int, [2]int) {
	w.begin(num, 0).str("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/M ")
	w.b = appendText(w.b, pdfDate(u.o.Time))
	name := u.o.Name
	if name == "" {
		name = u.o.Chain[0].Subject.CommonName
	}
	for _, kv := range [][2]string{{"Name", name}, {"Reason", u.o.Reason}, {"Location", u.o.Location}} {
		if kv[1] != "" {
			w.str("/").str(kv[0]).str(" ")
			w.b = appendText(w.b, kv[1])
		}
	}
	w.str("\n/ByteRange ")
	brPos := len(w.b)
	w.str("[0 ********** ********** **********]\n/Contents ")
	start := len(w.b)
	w.str("<").fill('0', u.digits).str(">")
	end := len(w.b)
	w.str(">>").end()
	return brPos, [2]int{start, end}
}

// info is the new document information dictionary: the old entries, Options.Info and ModDate.
func (u *update) info() Dict {
	info := maps.Clone(u.d.dict(u.d.trailer()["Info"]))
	if info == nil {
		info = Dict{}
	}
	for k, v := range u.o.Info {
		info[Name(k)] = raw(textString(v))
	}
	info["ModDate"] = raw(textString(pdfDate(u.o.Time)))
	return info
}

// addWidget rewrites the page with the signature widget added to its /Annots.
func (u *update) addWidget(w *writer, field Ref) {
	page := maps.Clone(u.d.dict(u.page))
	annots, _ := u.d.resolveArray(page["Annots"])
	page["Annots"] = append(annots[:len(annots):len(annots)], field)
	w.begin(u.page.Num, u.page.Gen).value(page).end()
}

// newID is the second element of the trailer /ID: new for this revision.
// It is the MD5 of "<file length> <startxref> <time in UTC> <field name>",
// the time as time.Time.String writes it.
func (u *update) newID() String {
	b := make([]byte, 0, 96)
	b = strconv.AppendInt(b, int64(len(u.d.buf)), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(u.d.startx), 10)
	b = append(b, ' ')
	b = u.o.Time.UTC().AppendFormat(b, "2006-01-02 15:04:05.999999999 -0700 MST")
	b = append(append(b, ' '), u.field...)
	sum := md5.Sum(b)
	return String(sum[:])
}
