package pdfsig

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/smx509"
)

// forgery is one hostile incremental update and the reason it must fail with.
type forgery struct {
	name string
	pdf  []byte
	want error  // ErrModified, ErrAppended or ErrContents
	why  string // a substring of the reason
}

// forgeries builds the variants of issue 9 §1 (and more) on good, a signed file.
func forgeries(t testing.TB, good []byte) []forgery {
	t.Helper()
	f := func() *forge { return newForge(t, good) }
	var out []forgery
	add := func(name string, pdf []byte, want error, why string) {
		out = append(out, forgery{name, pdf, want, why})
	}

	u := f()
	c := u.content()
	add("content rewritten and typed /XRef", u.stream(c.Num, "/Type/XRef/W[1 4 2]/Size 1", faceText).table(),
		ErrModified, fmt.Sprintf("object %d (stream /Type /XRef) was changed after signing", c.Num))
	u = f()
	add("content rewritten with signature keys", u.stream(c.Num, "/Type/Sig/Filter/Adobe.PPKLite/ByteRange[0 1 2 3]/Contents<00>", faceText).table(),
		ErrModified, fmt.Sprintf("object %d (stream /Type /Sig) was changed after signing", c.Num))
	u = f()
	add("content rewritten with /FT /Sig", u.stream(c.Num, "/FT/Sig", faceText).table(),
		ErrModified, fmt.Sprintf("object %d (stream /FT /Sig) was changed after signing", c.Num))
	u = f()
	add("content rewritten as the update's own xref stream", u.stream(u.num(), "", nil).xrefStream(c.Num),
		ErrModified, fmt.Sprintf("reuses object number %d", c.Num))
	u = f()
	x := u.num()
	add("new stream typed /XRef that no section uses", u.stream(x, "/Type/XRef/W[1 4 2]/Size 1", faceText).table(),
		ErrModified, fmt.Sprintf("object %d (stream /Type /XRef) was added after signing", x))

	for _, sub := range []string{"FreeText", "Square", "Stamp"} {
		u = f()
		a, ap := u.num(), u.num()
		u.stream(ap, "/Type/XObject/Subtype/Form/BBox[0 0 300 40]", faceText)
		u.obj(a, fmt.Sprintf("<</Type/Annot/Subtype/%s/FT/Sig/Rect[50 690 350 730]/Contents(Forged Name Ltd)/AP<</N %d 0 R>>>>", sub, ap))
		u.obj(u.page().Num, u.withAnnot(Ref{a, 0}))
		add(sub+" annotation typed /FT /Sig", u.table(), ErrModified,
			fmt.Sprintf("gained an annotation %d 0 R (dictionary /Type /Annot /Subtype /%s /FT /Sig) that is not a new signature field", a, sub))
		u = f()
		u.stream(ap, "/Type/XObject/Subtype/Form/BBox[0 0 300 40]", faceText)
		u.obj(a, fmt.Sprintf("<</Type/Annot/Subtype/%s/FT/Sig/Rect[50 690 350 730]/AP<</N %d 0 R>>>>", sub, ap))
		form, acro := u.withField(Ref{a, 0})
		u.obj(form.Num, acro).obj(u.page().Num, u.withAnnot(Ref{a, 0}))
		add(sub+" annotation typed /FT /Sig, also a form field", u.table(), ErrModified, fmt.Sprintf("object %d, dictionary /Type /Annot /Subtype /%s /FT /Sig) is not a signature widget", a, sub))
	}

	u = f()
	w, ap, sig := u.num(), u.num(), u.num()
	u.stream(ap, "/Type/XObject/Subtype/Form/BBox[0 0 300 40]", faceText)
	u.obj(sig, "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/ByteRange[0 10 20 30]/Contents<00>>>")
	u.obj(w, fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T(Signature9)/V %d 0 R/Rect[50 690 350 730]/F 4/AP<</N %d 0 R>>/P %d 0 R>>", sig, ap, u.page().Num))
	form, acro := u.withField(Ref{w, 0})
	u.obj(form.Num, acro).obj(u.page().Num, u.withAnnot(Ref{w, 0}))
	add("signature field with a visible appearance", u.table(), ErrModified, fmt.Sprintf("the new signature field (object %d) is visible", w))

	u = f()
	w = u.num()
	u.obj(w, fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T(Signature9)/Rect[0 0 0 0]/P %d 0 R>>", u.page().Num))
	form, acro = u.withField(Ref{w, 0})
	u.obj(form.Num, acro).obj(u.page().Num, u.withAnnot(Ref{w, 0}))
	add("new unsigned signature field", u.table(), ErrModified, fmt.Sprintf("the value (/V) of the new signature field (object %d) is not a new object", w))

	u = f()
	cat, pages, page, cont := u.num(), u.num(), u.num(), u.num()
	u.stream(cont, "/FT/Sig", faceText)
	u.obj(page, fmt.Sprintf("<</Type/Page/FT/Sig/Parent %d 0 R/MediaBox[0 0 595 842]/Contents %d 0 R>>", pages, cont))
	u.obj(pages, fmt.Sprintf("<</Type/Pages/FT/Sig/Kids[%d 0 R]/Count 1>>", page))
	u.obj(cat, fmt.Sprintf("<</Type/Catalog/FT/Sig/Pages %d 0 R/AcroForm %v>>", pages, value(u.d.dict(u.root())["AcroForm"])))
	u.trailer["Root"] = Ref{cat, 0}
	add("new catalog and page tree typed /FT /Sig", u.table(), ErrModified, "changes /Root")

	u = f()
	pages, page, cont = u.num(), u.num(), u.num()
	u.stream(cont, "/FT/Sig", faceText)
	u.obj(page, fmt.Sprintf("<</Type/Page/FT/Sig/Parent %d 0 R/MediaBox[0 0 595 842]/Contents %d 0 R>>", pages, cont))
	u.obj(pages, fmt.Sprintf("<</Type/Pages/FT/Sig/Kids[%d 0 R]/Count 1>>", page))
	catalog := u.dict(u.root())
	catalog["Pages"] = Ref{pages, 0}
	add("same catalog, new page tree typed /FT /Sig", u.obj(u.root().Num, value(catalog)).table(), ErrModified, "changed its /Pages")

	u = f()
	pd := value(u.dict(u.page()))
	twice := strings.Replace(pd, "/Contents", fmt.Sprintf("/Contents %d 0 R/Contents", u.num()), 1)
	add("page with two /Contents keys", u.obj(u.page().Num, twice).table(), ErrAppended, "duplicate key /Contents")

	u = f()
	u.free = []int{c.Num}
	add("content stream freed", u.table(), ErrModified, fmt.Sprintf("object %d was freed", c.Num))

	u = f()
	page = u.page().Num
	pageDict := u.dict(u.page())
	pageDict["Contents"] = Ref{u.next, 0}
	stm := u.num()
	u.objStm(stm, map[int]string{page: value(pageDict)})
	add("object stream update", u.xrefStream(0), ErrModified, fmt.Sprintf("object %d is stored in object stream %d", page, stm))

	u = f()
	u.stream(c.Num, "", faceText)
	hx := u.num()
	u.trailer["XRefStm"] = len(u.b)
	u.xrefObject(hx, []int{c.Num})
	delete(u.offs, c.Num)
	add("hybrid xref", u.table(), ErrAppended, "hybrid cross-reference")

	u = f()
	info := u.dict(u.info())
	info["Title"] = String("Forged")
	add("second revision with an updated Info", u.obj(u.info().Num, value(info)).table(), ErrModified,
		fmt.Sprintf("object %d (dictionary) was changed after signing", u.info().Num))

	u = f()
	u.obj(c.Num, "<</Length 1>>")
	u.b = append(u.b, fmt.Sprintf("%d 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", c.Num, len(faceText), faceText)...)
	add("object defined twice in one update", u.table(), ErrAppended, fmt.Sprintf("object %d is defined twice in one update", c.Num))

	u = f()
	u.b = append(u.b, fmt.Sprintf("%d 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", c.Num, len(faceText), faceText)...)
	add("object outside the cross-reference", u.table(), ErrAppended, fmt.Sprintf("object %d at byte", c.Num))

	u = f()
	u.stream(c.Num, "", faceText)
	u.offs[c.Num] += 2
	add("xref offset that misses the object", u.table(), ErrAppended, fmt.Sprintf("says object %d 0 is at byte", c.Num))

	u = f()
	u.b = append(u.b, "% 9 0 obj <<>> endobj\n"...)
	add("comment in an update", u.stream(c.Num, "", faceText).table(), ErrAppended, "unexpected data")

	u = f()
	u.stream(c.Num, "", faceText)
	u.b = fmt.Appendf(u.b, "%d 0 obj\n<</Length 999>>\nstream\n%s\nendstream\nendobj\n", u.num(), faceText)
	add("stream with a wrong /Length", u.table(), ErrAppended, "its stream /Length is wrong")

	u = f()
	add("garbage after a valid update", append(u.table(), "junk"...), ErrAppended, "unexpected data")

	u = f()
	catalog = u.dict(u.root())
	catalog["OpenAction"] = Dict{"S": Name("JavaScript"), "JS": String("app.alert(1)")}
	add("catalog gains /OpenAction", u.obj(u.root().Num, value(catalog)).table(), ErrModified, "changed its /OpenAction")

	u = f()
	ar := u.d.dict(u.root())["AcroForm"].(Ref)
	acroD := u.dict(ar)
	acroD["NeedAppearances"] = true
	add("form gains /NeedAppearances", u.obj(ar.Num, value(acroD)).table(), ErrModified, "changed its /NeedAppearances")

	u = f()
	dss, cs := u.num(), u.num()
	u.stream(c.Num, "", faceText)
	u.stream(cs, "", []byte("0\x82"))
	u.obj(dss, fmt.Sprintf("<</Certs[%d 0 R %d 0 R]>>", cs, c.Num))
	catalog = u.dict(u.root())
	catalog["DSS"] = Ref{dss, 0}
	add("content changed and listed in the DSS", u.obj(u.root().Num, value(catalog)).table(), ErrModified,
		fmt.Sprintf("object %d (stream) was changed after signing into a validation data (DSS)", c.Num))

	u = f()
	dss = u.num()
	u.obj(dss, "<</Certs[]/Foo 1>>")
	catalog = u.dict(u.root())
	catalog["DSS"] = Ref{dss, 0}
	add("DSS with an unknown key", u.obj(u.root().Num, value(catalog)).table(), ErrModified, "the DSS has /Foo")

	pad := bytes.LastIndex(good, []byte("0000>"))
	changed := bytes.Clone(good)
	changed[pad] = '1'
	add("/Contents zero padding changed", changed, ErrContents, "the padding after the CMS is not all zero bytes")
	upper := bytes.Clone(good)
	i := bytes.Index(upper, []byte("/Contents <")) + len("/Contents <")
	for ; upper[i] != '>'; i++ {
		if upper[i] >= 'a' && upper[i] <= 'f' {
			upper[i] -= 'a' - 'A'
			break
		}
	}
	add("/Contents hex case changed", upper, ErrContents, "mixes upper- and lower-case")

	u = f()
	prevPage := earlierOffset(t, u.d, u.page().Num)
	u.entries[u.page().Num] = xrefEntry{kind: 1, off: prevPage}
	add("page pointed back at its unsigned version", u.table(), ErrModified, fmt.Sprintf("points object %d back at byte %d", u.page().Num, prevPage))
	return out
}

// earlierOffset is where an older revision than the newest keeps object n.
func earlierOffset(t testing.TB, d *document, n int) int {
	for _, s := range d.sections[1:] {
		if e, ok := s.entries[n]; ok && e.kind == 1 {
			return e.off
		}
	}
	t.Fatalf("object %d has no older version", n)
	return 0
}

func TestForgeries(t *testing.T) {
	k := newKey(t, "ecdsa")
	good := signed(t, "ecdsa")
	for _, tt := range forgeries(t, good) {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Verify(tt.pdf, []*smx509.Certificate{k.root})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if r.Err() == nil {
				t.Fatalf("Report.Err: got nil, want %v containing %q", tt.want, tt.why)
			}
			var got []string
			for _, s := range r.Signatures {
				if errors.Is(s.Err, tt.want) && strings.Contains(s.Err.Error(), tt.why) {
					return
				}
				got = append(got, fmt.Sprint(s.Err))
			}
			t.Fatalf("got %q\nwant %v containing %q", got, tt.want, tt.why)
		})
	}
}
