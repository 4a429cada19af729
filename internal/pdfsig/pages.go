package pdfsig

import "fmt"

// maxPages and maxContents bound what PageContents reads: the pages walked
// and the total decoded size of their content streams.
const (
	maxPages    = 64
	maxContents = 4 << 20 // a certificate's page is ≈ 10 KB
)

// PageContents returns the decoded content streams of the signed revision's
// pages, in page-tree order (a page whose /Contents is an array gives its
// streams joined by a newline). It reads at most maxPages pages and
// maxContents bytes in all, and fails on a stream it cannot decode rather
// than leave out what a reader would draw.
func (r *Report) PageContents() ([][]byte, error) {
	if r.doc == nil {
		return nil, nil
	}
	var out [][]byte
	total := 0
	for _, p := range pageRefs(r.doc, maxPages) {
		c, err := r.doc.pageContent(p, maxContents-total)
		if err != nil {
			return out, err
		}
		total += len(c)
		out = append(out, c)
	}
	return out, nil
}

// pageRefs lists the leaves of d's page tree, at most limit of them.
func pageRefs(d *document, limit int) []Ref {
	var out []Ref
	seen := map[int]bool{}
	var walk func(n any, depth int)
	walk = func(n any, depth int) {
		r, ok := n.(Ref)
		if !ok || seen[r.Num] || depth > maxDepth || len(out) >= limit || len(seen) > 1<<16 {
			return
		}
		seen[r.Num] = true
		pd := plainDict(d, r)
		if pd["Type"] == Name("Page") {
			out = append(out, r)
			return
		}
		kids, _ := d.resolveArray(pd["Kids"])
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(d.dict(d.trailer()["Root"])["Pages"], 0)
	return out
}

// pageContent decodes page p's content, at most room bytes.
func (d *document) pageContent(p Ref, room int) ([]byte, error) {
	v, err := d.resolve(plainDict(d, p)["Contents"])
	if err != nil {
		return nil, err
	}
	parts, ok := v.(Array)
	if !ok {
		parts = Array{v}
	}
	var out []byte
	for i, part := range parts {
		if i >= maxPages {
			return nil, fmt.Errorf("%w: page %d has more than %d content streams", ErrDamaged, p.Num, maxPages)
		}
		sv, err := d.resolve(part)
		if sv == nil && err == nil {
			continue
		}
		s, ok := sv.(*Stream)
		if !ok || err != nil {
			return nil, fmt.Errorf("%w: a content stream of page %d cannot be read", ErrDamaged, p.Num)
		}
		data, err := decodeMax(s, max(0, room-len(out)-1))
		if err != nil {
			return nil, fmt.Errorf("%w: a content stream of page %d: %v", ErrDamaged, p.Num, err)
		}
		if len(out)+len(data)+1 > room {
			return nil, fmt.Errorf("%w: the pages' content decodes to more than %d bytes", ErrDamaged, maxContents)
		}
		if i > 0 {
			out = append(out, '\n')
		}
		out = append(out, data...)
	}
	return out, nil
}
