package font

import (
	"errors"
	"fmt"
	"slices"
)

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
	haveInstrs     = 0x0100
)

// Subset returns a TrueType font holding only .notdef and the given glyphs,
// renumbered: glyph gids[i] becomes glyph i+1. Components of composite glyphs
// are appended after them. order lists the original id of every glyph of the
// subset (order[newID] = oldID). gids must be distinct and non-zero.
//
// TrueType hinting (glyph instructions, fpgm, prep, cvt) is left out: it only
// matters when rasterising at low resolution, and it is ~14 % of a CJK subset.
func (f *Font) Subset(gids []uint16) (ttf []byte, order []uint16, err error) {
	if len(gids) >= 0xFFFF {
		return nil, nil, errors.New("subset too large")
	}
	order = make([]uint16, 0, len(gids)+1)
	order = append(order, 0)
	for _, g := range gids {
		if int(g) >= f.nGlyphs {
			return nil, nil, fmt.Errorf("glyph %d out of range (font has %d)", g, f.nGlyphs)
		}
		order = append(order, g)
	}
	newID := newIDMap(order)
	for i := 0; i < len(order); i++ { // order grows as components are found
		for _, c := range f.components(order[i]) {
			if _, ok := newID.get(c); !ok && int(c) < f.nGlyphs {
				newID.put(c, uint16(len(order)))
				order = append(order, c)
			}
		}
	}
	if len(order) > 0xFFFF {
		return nil, nil, errors.New("subset too large")
	}
	glyf, loca := f.subsetGlyf(order, newID)
	return buildSfnt(f.subsetTables(order, glyf, loca)), order, nil
}

// GlyphBytes is the size of the outlines of gids (out-of-range ids count
// nothing): what a subset of them weighs, near enough to reserve room for it.
func (f *Font) GlyphBytes(gids []uint16) int {
	n := 0
	for _, g := range gids {
		if int(g) < f.nGlyphs {
			n += int(f.loca[g+1] - f.loca[g])
		}
	}
	return n
}

func (f *Font) glyph(g uint16) []byte {
	return f.glyf[f.loca[g]:f.loca[g+1]]
}

// components returns the component ids of a composite glyph, nil for a
// simple one.
func (f *Font) components(g uint16) []uint16 {
	d := f.glyph(g)
	if !composite(d) {
		return nil
	}
	var out []uint16
	walkComponents(d, func(at int, c uint16) { out = append(out, c) })
	return out
}

// walkComponents visits the components of a composite glyph (the offset of each
// component's glyph id, and the id). It returns the offset just past the last
// component and that of the last component's flags; 0, 0 for a simple glyph.
func walkComponents(d []byte, visit func(at int, gid uint16)) (end, lastFlags int) {
	if !composite(d) {
		return 0, 0
	}
	for p := 10; p+4 <= len(d); {
		flags := be.Uint16(d[p:])
		visit(p+2, be.Uint16(d[p+2:]))
		lastFlags = p
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComponents == 0 {
			return min(p, len(d)), lastFlags
		}
	}
	return 0, 0
}

// composite reports whether glyph data d is a composite glyph (a negative
// number of contours).
func composite(d []byte) bool { return len(d) >= 10 && int16(be.Uint16(d)) < 0 }

// appendUnhinted appends glyph d to dst without its instructions.
func appendUnhinted(dst, d []byte) []byte {
	if len(d) < 12 {
		return append(dst, d...)
	}
	if n := int(int16(be.Uint16(d))); n >= 0 {
		at := 10 + 2*n
		if at+2 > len(d) {
			return append(dst, d...)
		}
		l := int(be.Uint16(d[at:]))
		if at+2+l > len(d) {
			return append(dst, d...)
		}
		dst = append(dst, d[:at]...)
		dst = append(dst, 0, 0)
		return append(dst, d[at+2+l:]...)
	}
	end, last := walkComponents(d, func(int, uint16) {})
	if end == 0 || be.Uint16(d[last:])&haveInstrs == 0 {
		return append(dst, d...)
	}
	start := len(dst)
	dst = append(dst, d[:end]...)
	be.PutUint16(dst[start+last:], be.Uint16(d[last:])&^haveInstrs)
	return dst
}

func (f *Font) subsetGlyf(order []uint16, newID idMap) (glyf, loca []byte) {
	size := 0
	for _, g := range order {
		size += pad4(len(f.glyph(g)))
	}
	size += 4
	glyf = make([]byte, 0, size)
	loca = make([]byte, 4*(len(order)+1))
	for i, g := range order {
		be.PutUint32(loca[4*i:], uint32(len(glyf)))
		start := len(glyf)
		glyf = appendUnhinted(glyf, f.glyph(g))
		if composite(glyf[start:]) {
			walkComponents(glyf[start:], func(at int, c uint16) {
				id, _ := newID.get(c)
				be.PutUint16(glyf[start+at:], id)
			})
		}
		glyf = append(glyf, make([]byte, pad4(len(glyf)-start)-(len(glyf)-start))...)
	}
	be.PutUint32(loca[4*len(order):], uint32(len(glyf)))
	return glyf, loca
}

func (f *Font) subsetTables(order []uint16, glyf, loca []byte) []table {
	n := len(order)
	hmtx := make([]byte, 4*n)
	for i, g := range order {
		be.PutUint16(hmtx[4*i:], f.adv[g])
		be.PutUint16(hmtx[4*i+2:], uint16(f.lsb[g]))
	}
	head := append([]byte(nil), f.tables["head"]...)
	be.PutUint16(head[50:], 1) // long loca
	hhea := append([]byte(nil), f.tables["hhea"]...)
	be.PutUint16(hhea[34:], uint16(n))
	maxp := append([]byte(nil), f.tables["maxp"]...)
	be.PutUint16(maxp[4:], uint16(n))
	tables := []table{
		{"glyf", glyf}, {"loca", loca}, {"hmtx", hmtx},
		{"head", head}, {"hhea", hhea}, {"maxp", maxp}, {"cmap", emptyCmap},
	}
	post := make([]byte, 32)
	copy(post, f.tables["post"])
	be.PutUint32(post, 0x00030000) // version 3: no glyph names
	tables = append(tables, table{"post", post})
	if d, ok := f.tables["OS/2"]; ok {
		tables = append(tables, table{"OS/2", d})
	}
	return tables
}

// emptyCmap is a valid cmap mapping nothing: PDF text addresses the glyphs of an
// embedded CIDFontType2 by id, but font parsers insist on the table.
var emptyCmap = []byte{
	0, 0, 0, 1, // version 0, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows Unicode BMP at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length 24, language 0
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2 2, searchRange 2, entrySelector 0, rangeShift 0
	0xFF, 0xFF, 0, 0, 0xFF, 0xFF, // endCode, reservedPad, startCode
	0, 1, 0, 0, // idDelta 1, idRangeOffset 0
}

// idMap maps the old glyph ids of a subset to the new: entries old<<16|new,
// sorted. A subset holds tens to hundreds of glyphs, fewer components.
type idMap struct{ e []uint32 }

// newIDMap maps order[i] to i.
func newIDMap(order []uint16) idMap {
	m := idMap{e: make([]uint32, len(order), len(order)+8)}
	for i, g := range order {
		m.e[i] = uint32(g)<<16 | uint32(i)
	}
	slices.Sort(m.e)
	return m
}

func (m *idMap) find(g uint16) (int, bool) {
	i, _ := slices.BinarySearch(m.e, uint32(g)<<16)
	return i, i < len(m.e) && uint16(m.e[i]>>16) == g
}

func (m *idMap) get(g uint16) (uint16, bool) {
	i, ok := m.find(g)
	if !ok {
		return 0, false
	}
	return uint16(m.e[i]), true
}

// put maps g, not yet mapped, to id.
func (m *idMap) put(g, id uint16) {
	i, _ := m.find(g)
	m.e = slices.Insert(m.e, i, uint32(g)<<16|uint32(id))
}

// ByteCounts counts the bytes of about 1 MB of the font's outlines as a
// subset holds them (without instructions), taken evenly across its glyphs:
// statistics a code for all of its subsets can be built from once.
func (f *Font) ByteCounts() *[256]uint32 {
	var c [256]uint32
	step := 1 + len(f.glyf)>>20
	var buf []byte
	for g := 0; g < f.nGlyphs; g += step {
		buf = appendUnhinted(buf[:0], f.glyph(uint16(g)))
		for _, b := range buf {
			c[b]++
		}
	}
	return &c
}
