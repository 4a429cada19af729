package render

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"
	"unicode/utf16"

	"ezz/internal/font"
)

// docFont is a font as used by one document: the glyphs drawn, renumbered in
// order of first use (new id i+1 is gids[i]), for a true subset.
type docFont struct {
	f     *font.Font
	res   string // resource name, F1, F2…
	gids  []uint16
	runes []rune // the rune each glyph was first drawn for (ToUnicode)
	newID map[uint16]uint16
}

func (d *docFont) use(gid uint16, r rune) uint16 {
	if id, ok := d.newID[gid]; ok {
		return id
	}
	d.gids = append(d.gids, gid)
	d.runes = append(d.runes, r)
	id := uint16(len(d.gids))
	d.newID[gid] = id
	return id
}

// fontObjects is how many objects a font takes: Type0, CIDFontType2,
// FontDescriptor, FontFile2 and ToUnicode.
const fontObjects = 5

// write writes the five objects of a Type0 font from num on, the font file
// compressed by zFile and the ToUnicode map by zMap.
func (d *docFont) write(w *pdfWriter, num int, zFile, zMap func(*bytes.Buffer, []byte)) error {
	ttf, _, err := d.f.Subset(d.gids)
	if err != nil {
		return fmt.Errorf("subset font %s: %w", d.f.Path, err)
	}
	name := d.subsetTag() + "+" + d.f.Name
	w.object(num, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "+
		"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", name, num+1, num+4))
	w.object(num+1, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s "+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "+
		"/FontDescriptor %d 0 R /DW %s /W %s /CIDToGIDMap /Identity >>",
		name, num+2, d.em(int(d.f.Advance(0))), d.widths()))
	w.object(num+2, d.descriptor(name, num+3))
	w.deflated(num+3, "/Length1 "+strconv.Itoa(len(ttf)), ttf, zFile)
	w.deflated(num+4, "", d.toUnicode(), zMap)
	return nil
}

// room is about the bytes the font's objects take: its subset's outlines
// (Huffman coding leaves them about as large), the tables around them, its
// widths and ToUnicode map.
func (d *docFont) room() int {
	return d.f.GlyphBytes(d.gids) + 2048 + 64*len(d.gids)
}

// em converts font units to the PDF's thousandths of an em.
func (d *docFont) em(units int) string {
	return string(appendNum(nil, float64(units)*1000/float64(d.f.UnitsPerEm)))
}

func (d *docFont) widths() string {
	b := []byte("[1 [")
	for i, g := range d.gids {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, float64(d.f.Advance(g))*1000/float64(d.f.UnitsPerEm))
	}
	return string(append(b, "]]"...))
}

func (d *docFont) descriptor(name string, file int) string {
	f := d.f
	return fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s %s %s %s] "+
		"/ItalicAngle %s /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %d 0 R >>",
		name, d.em(f.BBox[0]), d.em(f.BBox[1]), d.em(f.BBox[2]), d.em(f.BBox[3]),
		appendNum(nil, f.ItalicAngle), d.em(f.Ascent), d.em(f.Descent), d.em(f.CapHeight), file)
}

// The 64-bit FNV-1a parameters (hash/fnv).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// subsetTag is the six capital letters naming a subset, derived from its glyphs.
func (d *docFont) subsetTag() string {
	sum := uint64(fnvOffset) // FNV-1a of the glyph ids, big-endian
	for _, g := range d.gids {
		sum = (sum ^ uint64(g>>8)) * fnvPrime
		sum = (sum ^ uint64(g&0xFF)) * fnvPrime
	}
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + sum%26)
		sum /= 26
	}
	return string(tag)
}

// toUnicode is the CMap from glyph ids to text that makes the PDF searchable.
func (d *docFont) toUnicode() []byte {
	b := make([]byte, 0, 400+20*len(d.runes))
	b = append(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"+
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"+
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"...)
	for start := 0; start < len(d.runes); start += 100 {
		end := min(start+100, len(d.runes))
		b = strconv.AppendInt(b, int64(end-start), 10)
		b = append(b, " beginbfchar\n"...)
		for i := start; i < end; i++ {
			b = appendHex16(append(b, '<'), uint16(i+1))
			b = append(b, "> <"...)
			b = append(appendUTF16(b, d.runes[i]), ">\n"...)
		}
		b = append(b, "endbfchar\n"...)
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"...)
}

// mapCode codes every document's ToUnicode maps: a code of literals built
// once from a map's byte statistics (mapCounts), as a font's code is
// (glyphCode). A map is hex digits in a fixed frame, so one code fits all
// of them; a deflate of its own (deflateFast) spent ≈ 20 µs a map building
// its Huffman tables, for ≈ 200 bytes less.
var mapCode = sync.OnceValue(func() *glyphCode { return newGlyphCode(mapCounts()) })

// mapCounts counts the bytes of the ToUnicode map of 200 CJK characters
// spread over the unified ideographs, with digits and Latin letters.
func mapCounts() *[256]uint32 {
	d := &docFont{}
	for i := range 200 {
		d.runes = append(d.runes, rune(0x4E00+i*103))
	}
	for r := '0'; r <= 'z'; r++ {
		d.runes = append(d.runes, r)
	}
	var counts [256]uint32
	for _, b := range d.toUnicode() {
		counts[b]++
	}
	return &counts
}

// appendUTF16 appends r in UTF-16BE hex, as utf16.Encode writes it.
func appendUTF16(b []byte, r rune) []byte {
	var u [2]uint16
	for _, c := range utf16.AppendRune(u[:0], r) {
		b = appendHex16(b, c)
	}
	return b
}
