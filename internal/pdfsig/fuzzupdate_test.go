package pdfsig

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
)

var (
	fuzzBaseOnce sync.Once
	fuzzBase     []byte
)

// FuzzIncrementalUpdate builds an incremental update from a program of
// operations (the fuzz input) on a signed file. Whatever the update, either
// Verify fails or everything a reader draws — the page tree, content
// streams, resources, visible annotations and their appearances — and the
// embedded record and Info are those of the signed revision.
func FuzzIncrementalUpdate(f *testing.F) {
	fuzzBaseOnce.Do(func() { fuzzBase = signed(f, "ecdsa") })
	for op := range byte(opCount) {
		for _, form := range []byte{0, 1, 2} {
			f.Add([]byte{op, 0, 1, form})
			f.Add([]byte{op, 1, 0, op + 1, 2, 3, form})
		}
	}
	for _, seed := range [][]byte{{opDSS, 0, 1}, {opLaterSig, 1, 0}, {opSame, 3}, {opLaterSig, 0, 0, opDSS, 0, 1}, {opDSS, 0, 0, opLaterSig, 1, 1}, {opSame, 5, opSame, 7, 1}} {
		f.Add(seed)
	}
	f.Add([]byte{opLaterSig, opDSS, 0})
	f.Add([]byte{opDSS, opLaterSig, opSame, 3, 1})
	f.Add([]byte{opRaw, 4, '%', '%', 'E', 'O', 0})
	f.Add([]byte{opWidget, 0, 0, opWidget, 1, 1, 0})
	f.Fuzz(func(t *testing.T, prog []byte) {
		pdf := runProgram(t, fuzzBase, prog)
		r, err := Verify(pdf, nil)
		if err != nil || r.Err() != nil {
			return
		}
		d, err := open(pdf)
		if err != nil {
			t.Fatalf("Verify passed a file open fails on: %v", err)
		}
		signedRev := d.at(len(fuzzBase))
		if got, want := drawn(d), drawn(signedRev); got != want {
			t.Fatalf("Verify passed an update that changes what is drawn:\ngot  %.2000s\nwant %.2000s", got, want)
		}
		if !maps.Equal(info(d), info(signedRev)) || !equalAttachments(attachments(d), attachments(signedRev)) {
			t.Fatalf("Verify passed an update that changes the record or Info")
		}
	})
}

func equalAttachments(a, b map[string][]byte) bool {
	return maps.EqualFunc(a, b, bytes.Equal)
}

// Operations of a fuzz program; each reads its arguments from the program.
const (
	opContent  = iota // rewrite the page content stream with a chosen dictionary
	opAnnot           // add an annotation to the page (and maybe the form)
	opWidget          // add a signature widget with a (fake) signature value
	opInfo            // rewrite the Info dictionary
	opCatalog         // add a key to the catalog
	opFree            // free an object
	opPage            // change a key of the page
	opRaw             // append raw bytes
	opDSS             // add DSS data (allowed)
	opRecord          // replace the embedded record
	opTwice           // define an object twice
	opBack            // point an object back at an older version
	opMutate          // rewrite any object with one key added
	opSame            // rewrite any object unchanged (allowed)
	opLaterSig        // finish the update and sign again (allowed)
	opCount
)

var (
	contentDicts = []string{"", "/Type/XRef/W[1 4 2]/Size 1", "/Type/Sig/ByteRange[0 1 2 3]/Contents<00>", "/FT/Sig", "/Type/XObject/Subtype/Form/BBox[0 0 9 9]"}
	subtypes     = []string{"FreeText", "Square", "Stamp", "Widget", "Link", "Text"}
	rects        = []string{"[50 690 350 730]", "[0 0 0 0]", "[10 10 10 500]", "[0 0 595 842]"}
	catalogKeys  = []string{"/OpenAction[3 0 R/Fit]", "/Names<<>>", "/PageMode/UseNone", "/NeedsRendering true", "/Perms<<>>", "/Version/2.0"}
	pageKeys     = []string{"/Rotate 90", "/MediaBox[0 0 10 10]", "/UserUnit 2", "/Contents 4 0 R", "/Resources<<>>", "/Annots[]"}
)

// prog reads a fuzz program one byte at a time (zero past its end).
type prog struct {
	b []byte
	i int
}

func (p *prog) next() int {
	if p.i >= len(p.b) {
		p.i++
		return 0
	}
	p.i++
	return int(p.b[p.i-1])
}

func (p *prog) pick(list []string) string { return list[p.next()%len(list)] }

// runProgram applies the operations of b to pdf and returns the result.
func runProgram(t testing.TB, pdf []byte, b []byte) []byte {
	p := &prog{b: b}
	u := newForge(t, pdf)
	for ops := 0; p.i < len(p.b) && ops < 16; ops++ {
		op := p.next() % opCount
		if op == opLaterSig || op == opDSS {
			pdf = finish(u, p.next())
			next, err := laterRevision(t, pdf, op, p.next())
			if u = tryForge(t, next); err != nil || u == nil {
				return pdf
			}
			continue
		}
		apply(u, op, p)
	}
	return finish(u, p.next())
}

// laterRevision appends what a later signer may: a signature or DSS data.
func laterRevision(t testing.TB, pdf []byte, op, arg int) ([]byte, error) {
	if tryForge(t, pdf) == nil {
		return nil, fmt.Errorf("does not parse")
	}
	if op == opDSS {
		return addDSS(t, pdf, arg%2 == 1), nil
	}
	o := options(newKey(t, "ecdsa"))
	o.Attachments, o.Info = nil, nil
	return Sign(pdf, o)
}

// finish writes the update's cross-reference in the form chosen.
func finish(u *forge, form int) []byte {
	if len(u.offs) == 0 && len(u.free) == 0 && len(u.entries) == 0 {
		return u.b
	}
	switch form % 3 {
	case 1:
		return u.xrefStream(0)
	case 2:
		u.trailer["XRefStm"] = len(u.b)
		u.xrefObject(u.num(), u.numbers())
	}
	return u.table()
}

func apply(u *forge, op int, p *prog) {
	c, page := u.content(), u.page()
	switch op {
	case opContent:
		u.stream(c.Num, p.pick(contentDicts), faceText)
	case opAnnot:
		a, ap := u.num(), u.num()
		u.stream(ap, "/Type/XObject/Subtype/Form/BBox[0 0 300 40]", faceText)
		ft := []string{"", "/FT/Sig"}[p.next()%2]
		u.obj(a, fmt.Sprintf("<</Type/Annot/Subtype/%s%s/Rect%s/F %d/AP<</N %d 0 R>>>>", p.pick(subtypes), ft, p.pick(rects), p.next()%8, ap))
		u.obj(page.Num, u.withAnnot(Ref{a, 0}))
		if p.next()%2 == 1 {
			form, acro := u.withField(Ref{a, 0})
			u.obj(form.Num, acro)
		}
	case opWidget:
		w, sig := u.num(), u.num()
		u.obj(sig, "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/ByteRange[0 10 20 30]/Contents<00>>>")
		u.obj(w, fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T(S%d)/V %d 0 R/Rect%s/P %d 0 R>>", w, sig, p.pick(rects), page.Num))
		form, acro := u.withField(Ref{w, 0})
		u.obj(form.Num, acro).obj(page.Num, u.withAnnot(Ref{w, 0}))
	case opInfo:
		u.obj(u.info().Num, fmt.Sprintf("<</Title(Forged %d)/Identifier(1.2.156.3005.2.X)>>", p.next()))
	case opCatalog:
		u.obj(u.root().Num, strings.TrimSuffix(value(u.dict(u.root())), ">>")+p.pick(catalogKeys)+">>")
	case opFree:
		u.free = append(u.free, oldNumber(u, p.next()))
	case opPage:
		u.obj(page.Num, strings.TrimSuffix(value(u.dict(page)), ">>")+p.pick(pageKeys)+">>")
	case opRaw:
		n := p.next() % 32
		for range n {
			u.b = append(u.b, byte(p.next()))
		}
	case opRecord:
		u.stream(recordStream(u), "/Type/EmbeddedFile", []byte(`{"identifier":"forged"}`))
	case opTwice:
		n := oldNumber(u, p.next())
		u.obj(n, value(u.dict(Ref{n, 0})))
		u.b = fmt.Appendf(u.b, "%d 0 obj\n(forged)\nendobj\n", n)
	case opBack:
		n := oldNumber(u, p.next())
		for _, s := range u.d.sections[1:] {
			if e, ok := s.entries[n]; ok && e.kind == 1 {
				u.entries[n] = e
				break
			}
		}
	case opMutate:
		n := oldNumber(u, p.next())
		v, _ := u.d.object(n)
		writeMutated(u, n, v, p.next())
	case opSame:
		n := oldNumber(u, p.next())
		v, _ := u.d.object(n)
		writeMutated(u, n, v, -1)
	}
}

// oldNumber picks one of the file's object numbers.
func oldNumber(u *forge, i int) int {
	nums := slices.Sorted(maps.Keys(u.d.xref))
	return nums[i%len(nums)]
}

// writeMutated rewrites object n (value v) with key k added, or unchanged when k < 0.
func writeMutated(u *forge, n int, v any, k int) {
	extra := ""
	if k >= 0 {
		extra = []string{"/Forged true", "/Type/XRef", "/FT/Sig", "/Type/Sig"}[k%4]
	}
	switch t := v.(type) {
	case *Stream:
		dict := strings.TrimSuffix(strings.TrimPrefix(value(t.Dict), "<<"), ">>")
		dict = strings.Replace(dict, fmt.Sprintf("/Length %d", len(t.Raw)), "", 1)
		u.stream(n, dict+extra, t.Raw)
	case Dict:
		u.obj(n, strings.TrimSuffix(value(t), ">>")+extra+">>")
	default:
		if k < 0 {
			u.obj(n, value(v))
		} else {
			u.obj(n, "(forged)")
		}
	}
}

// recordStream is the number of the embedded-file stream of record.json.
func recordStream(u *forge) int {
	n := -1
	names := u.d.dict(u.d.dict(u.root())["Names"])
	walkNameTree(u.d, names["EmbeddedFiles"], 0, func(_ string, v any) {
		if r, ok := u.d.dict(u.d.dict(v)["EF"])["F"].(Ref); ok {
			n = r.Num
		}
	})
	return n
}

// drawn is a canonical text of everything a reader draws from d: each page
// of the page tree with its inherited attributes, resolved contents and
// resources, and its visible annotations with their appearances; and the
// catalog entries that change how it is shown.
func drawn(d *document) string {
	var b strings.Builder
	catalog := d.dict(d.trailer()["Root"])
	for _, k := range slices.Sorted(maps.Keys(catalog)) {
		if k != "Pages" && k != "AcroForm" && k != "DSS" {
			fmt.Fprintf(&b, "catalog /%s %s\n", k, deep(d, catalog[k], 0))
		}
	}
	acro := maps.Clone(d.dict(catalog["AcroForm"]))
	delete(acro, "Fields")
	delete(acro, "SigFlags")
	fmt.Fprintf(&b, "form %s\n", deep(d, acro, 0))
	eachPage(d, catalog["Pages"], Dict{}, 0, map[Ref]bool{}, func(page Dict) {
		for _, k := range slices.Sorted(maps.Keys(page)) {
			if k != "Annots" && k != "Parent" {
				fmt.Fprintf(&b, "page /%s %s\n", k, deep(d, page[k], 0))
			}
		}
		annots, _ := d.resolveArray(page["Annots"])
		for _, a := range annots {
			if ad := d.dict(a); !invisible(ad) {
				fmt.Fprintf(&b, "annot %s\n", deep(d, without(ad, "P", "Parent", "V"), 0))
			}
		}
	})
	return b.String()
}

func without(d Dict, keys ...Name) Dict {
	c := maps.Clone(d)
	for _, k := range keys {
		delete(c, k)
	}
	return c
}

// eachPage calls fn for each page with the attributes it inherits.
func eachPage(d *document, node any, inherited Dict, depth int, seen map[Ref]bool, fn func(Dict)) {
	r, _ := node.(Ref)
	n := d.dict(node)
	if n == nil || depth > maxDepth || seen[r] {
		return
	}
	seen[r] = true
	attrs := maps.Clone(inherited)
	for _, k := range []Name{"Resources", "MediaBox", "CropBox", "Rotate"} {
		if v, ok := n[k]; ok {
			attrs[k] = v
		}
	}
	if n["Type"] == Name("Page") {
		page := maps.Clone(n)
		maps.Copy(page, attrs)
		fn(page)
		return
	}
	kids, _ := d.resolveArray(n["Kids"])
	for _, k := range kids {
		eachPage(d, k, attrs, depth+1, seen, fn)
	}
}

// deep writes v with every reference resolved (up to a depth).
func deep(d *document, v any, depth int) string {
	if depth > 12 {
		return "…"
	}
	v, err := d.resolve(v)
	if err != nil {
		return "error"
	}
	switch t := v.(type) {
	case Dict:
		var b strings.Builder
		b.WriteString("<<")
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if k != "Parent" && k != "P" {
				fmt.Fprintf(&b, "/%s %s ", k, deep(d, t[k], depth+1))
			}
		}
		return b.String() + ">>"
	case *Stream:
		return deep(d, t.Dict, depth) + fmt.Sprintf("stream(%x)", t.Raw)
	case Array:
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = deep(d, x, depth+1)
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return value(v)
}

// TestFuzzOracle shows the fuzz target can fail: its oracle sees the
// changes the forgeries make, and the allowed programs pass Verify.
func TestFuzzOracle(t *testing.T) {
	base := signed(t, "ecdsa")
	tests := []struct {
		name    string
		prog    []byte
		pass    bool // Verify passes
		changes bool // drawn or record differs
	}{
		{"content rewritten", []byte{opContent, 1}, false, true},
		{"FreeText annotation", []byte{opAnnot, 1, 0, 0, 4, 0}, false, true},
		{"record replaced", []byte{opRecord}, false, true},
		{"DSS data", []byte{opDSS, 0, 1}, true, false},
		{"later signature", []byte{opLaterSig, 0, 1}, true, false},
		{"object rewritten unchanged", []byte{opSame, 3}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := runProgram(t, base, tt.prog)
			r, err := Verify(pdf, nil)
			if pass := err == nil && r.Err() == nil; pass != tt.pass {
				t.Fatalf("Verify passes: got %v, want %v (%v)", pass, tt.pass, r.Err())
			}
			d, err := open(pdf)
			if err != nil {
				t.Fatal(err)
			}
			old := d.at(len(base))
			changes := drawn(d) != drawn(old) || !equalAttachments(attachments(d), attachments(old))
			if changes != tt.changes {
				t.Fatalf("oracle sees a change: got %v, want %v", changes, tt.changes)
			}
		})
	}
}
