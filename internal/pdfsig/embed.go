package pdfsig

import (
	"bytes"
	"crypto/md5"
	"encoding/xml"
	"maps"
	"slices"
)

// attachments writes the embedded files and adds /Names /EmbeddedFiles and /AF to catalog.
func (u *update) attachments(w *writer, catalog Dict) {
	if len(u.o.Attachments) == 0 {
		return
	}
	tree := u.existingEmbedded()
	af, _ := u.d.resolveArray(catalog["AF"])
	af = af[:len(af):len(af)]
	for _, a := range u.o.Attachments {
		ef, fs := u.next, u.next+1
		u.next += 2
		sum := md5.Sum(a.Data)
		mime := a.MIME
		if mime == "" {
			mime = "application/octet-stream"
		}
		w.stream(Ref{ef, 0}, Dict{
			"Type": Name("EmbeddedFile"), "Subtype": Name(mime),
			"Params": Dict{"Size": len(a.Data), "CheckSum": String(sum[:]), "ModDate": raw(textString(pdfDate(u.o.Time)))},
		}, a.Data)
		spec := Dict{
			"Type": Name("Filespec"), "F": raw(textString(a.Name)), "UF": raw(textString(a.Name)),
			"EF": Dict{"F": Ref{ef, 0}, "UF": Ref{ef, 0}}, "AFRelationship": Name("Data"),
		}
		if a.Description != "" {
			spec["Desc"] = raw(textString(a.Description))
		}
		w.object(fs, spec)
		tree[a.Name] = Ref{fs, 0}
		af = append(af, Ref{fs, 0})
	}
	names := maps.Clone(u.d.dict(catalog["Names"]))
	if names == nil {
		names = Dict{}
	}
	flat := make(Array, 0, 2*len(tree))
	for _, k := range slices.Sorted(maps.Keys(tree)) {
		flat = append(flat, String(k), tree[k])
	}
	names["EmbeddedFiles"] = Dict{"Names": flat}
	catalog["Names"] = names
	catalog["AF"] = af
}

// existingEmbedded collects the current embedded-files name tree.
func (u *update) existingEmbedded() map[string]any {
	out := map[string]any{}
	names := u.d.dict(u.catalog["Names"])
	walkNameTree(u.d, names["EmbeddedFiles"], 0, func(k string, v any) { out[k] = v })
	return out
}

// walkNameTree calls fn for every leaf entry of a name tree, visiting each
// node once (a hostile tree may reference itself).
func walkNameTree(d *document, node any, depth int, fn func(string, any)) {
	walkNodes(d, node, depth, map[Ref]bool{}, fn)
}

func walkNodes(d *document, node any, depth int, seen map[Ref]bool, fn func(string, any)) {
	n := d.dict(node)
	r, isRef := node.(Ref)
	if n == nil || depth > maxDepth || seen[r] || len(seen) > 4096 {
		return
	}
	if isRef {
		seen[r] = true
	}
	pairs, _ := d.resolveArray(n["Names"])
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(String); ok {
			fn(string(k), pairs[i+1])
		}
	}
	kids, _ := d.resolveArray(n["Kids"])
	for _, k := range kids {
		walkNodes(d, k, depth+1, seen, fn)
	}
}

// xmp builds the XMP metadata packet from Options.Info and the signing time.
func xmp(o Options) []byte {
	var b bytes.Buffer
	n := 1024
	for k, v := range o.Info {
		n += 2*len(k) + 2*len(v) + 64
	}
	b.Grow(n)
	b.WriteString(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` + "\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + "\n")
	b.WriteString(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">` + "\n")
	elem(&b, "xmp:ModifyDate", o.Time.Format("2006-01-02T15:04:05Z07:00"))
	elem(&b, "xmp:MetadataDate", o.Time.Format("2006-01-02T15:04:05Z07:00"))
	for _, k := range slices.Sorted(maps.Keys(o.Info)) {
		v := o.Info[k]
		switch k {
		case "Identifier":
			elem(&b, "dc:identifier", v)
		case "Title", "Subject":
			tag := map[string]string{"Title": "dc:title", "Subject": "dc:description"}[k]
			b.WriteString("<" + tag + `><rdf:Alt><rdf:li xml:lang="x-default">`)
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</rdf:li></rdf:Alt></" + tag + ">\n")
		case "Author":
			b.WriteString(`<dc:creator><rdf:Seq><rdf:li>`)
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</rdf:li></rdf:Seq></dc:creator>\n")
		case "Keywords", "Producer":
			elem(&b, "pdf:"+k, v)
		case "Creator":
			elem(&b, "xmp:CreatorTool", v)
		default:
			if xmlName(k) {
				elem(&b, "pdfx:"+k, v)
			}
		}
	}
	b.WriteString("</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return b.Bytes()
}

func elem(b *bytes.Buffer, tag, v string) {
	b.WriteByte('<')
	b.WriteString(tag)
	b.WriteByte('>')
	xml.EscapeText(b, []byte(v))
	b.WriteString("</")
	b.WriteString(tag)
	b.WriteString(">\n")
}

// xmlName reports whether k is a simple ASCII XML element name.
func xmlName(k string) bool {
	for i, c := range k {
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.')
		if !ok {
			return false
		}
	}
	return k != ""
}
