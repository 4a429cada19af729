package pdfsig

import "fmt"

// maxPages, maxContents and maxEncoded bound what PageContents reads: the
// pages, the total decoded size of their content streams, and the total
// size of the streams it inflates (a stream named many times, by every page,
// is inflated each time: 4 MiB of empty Flate blocks decode to nothing, so
// maxContents alone let one such stream cost verify minutes).
const (
	maxPages    = 64
	maxContents = 4 << 20 // a certificate's page is ≈ 10 KB
	maxEncoded  = 2 * maxContents
)

// PageContents returns the decoded content streams of the signed revision's
// pages, in page-tree order (a page whose /Contents is an array gives its
// streams joined by a newline). It refuses a page tree of more than
// maxPages pages or one it cannot walk whole, reads at most maxContents
// bytes in all, inflating at most maxEncoded, and fails on a stream it cannot decode rather than leave
// out what a reader would draw.
func (r *Report) PageContents() ([][]byte, error) {
	if r.doc == nil {
		return nil, nil
	}
	pages, whole := pageRefs(r.doc, r.doc.dict(r.doc.trailer()["Root"])["Pages"])
	if !whole || len(pages) > maxPages {
		return nil, fmt.Errorf("%w: the page tree has more than %d pages or cannot be walked whole", ErrDamaged, maxPages)
	}
	var out [][]byte
	total, encoded := 0, 0
	for _, p := range pages {
		c, err := r.doc.pageContent(p, maxContents-total, &encoded)
		if err != nil {
			return out, err
		}
		total += len(c)
		out = append(out, c)
	}
	return out, nil
}

// pageRefs lists the leaves of d's page tree under node, and whether it
// walked the whole tree: not when it is deeper than maxDepth, has more than
// 1<<16 nodes, or names a kid that is not a reference.
func pageRefs(d *document, node any) (pages []Ref, whole bool) {
	seen := map[int]bool{}
	whole = true
	var walk func(n any, depth int)
	walk = func(n any, depth int) {
		r, ok := n.(Ref)
		if !ok || depth > maxDepth || len(seen) > 1<<16 {
			whole = false
			return
		}
		if seen[r.Num] {
			return
		}
		seen[r.Num] = true
		pd := plainDict(d, r)
		if pd["Type"] == Name("Page") {
			pages = append(pages, r)
			return
		}
		kids, _ := d.resolveArray(pd["Kids"])
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(node, 0)
	return pages, whole
}

// pageContent decodes page p's content, at most room bytes, adding the size
// of the streams it inflates to *encoded.
func (d *document) pageContent(p Ref, room int, encoded *int) ([]byte, error) {
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
		if *encoded += len(s.Raw); *encoded > maxEncoded {
			return nil, fmt.Errorf("%w: the pages' content streams are more than %d bytes encoded", ErrDamaged, maxEncoded)
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
