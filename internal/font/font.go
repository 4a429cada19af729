// Package font finds, loads and measures the TrueType fonts a certificate face
// is drawn with. A face names a fallback chain of font files; each character is
// drawn by the first font in the chain that has a glyph for it.
//
// A font file is read once per task (Fonts) and parsed once per content: a
// file read again with the same bytes gives the font parsed before (fonts
// are read-only after loading), and a file changed in any byte is parsed
// again. TrueType Collections (.ttc) are split into a standalone font;
// CFF-flavoured OpenType (.otf) is refused, since PDF embedding here needs
// TrueType glyf outlines.
package font

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
)

// Font is one parsed TrueType font (a plain .ttf or one subfont of a .ttc).
type Font struct {
	Path  string // the file it came from
	Index int    // subfont index within a collection, 0 otherwise
	Name  string // PostScript name

	UnitsPerEm  int
	Ascent      int // hhea ascender, font units
	Descent     int // hhea descender (negative), font units
	CapHeight   int
	ItalicAngle float64
	BBox        [4]int // xMin, yMin, xMax, yMax

	data     []byte            // standalone TTF bytes
	tables   map[string][]byte // tables of data
	glyf     []byte            // tables["glyf"]
	cmap     *cmap
	adv      []uint16 // advance width per glyph
	lsb      []int16  // left side bearing per glyph
	loca     []uint32 // numGlyphs+1 glyf offsets
	nGlyphs  int
	longLoca bool
	sum      [sha256.Size]byte // SHA-256 of the file's bytes Load parsed
}

// MaxFontBytes bounds a font file (the largest CJK fonts are near 40 MB).
const MaxFontBytes = 64 << 20

// Parse parses a TrueType font or collection held in data; index selects the
// subfont of a collection. The result keeps (a copy of) the font's bytes.
func Parse(data []byte, index int) (*Font, error) {
	off, err := collectionOffset(data, index)
	if err != nil {
		return nil, err
	}
	tables, err := readTables(data, off)
	if err != nil {
		return nil, err
	}
	if off != 0 || string(data[:4]) == "ttcf" {
		data = standalone(tables)
		if tables, err = readTables(data, 0); err != nil {
			return nil, fmt.Errorf("extract subfont #%d: %w", index, err)
		}
	}
	f := &Font{Index: index, data: data, tables: tables}
	if err := f.parseMetrics(); err != nil {
		return nil, err
	}
	if f.cmap, err = parseCmap(tables["cmap"], f.nGlyphs); err != nil {
		return nil, err
	}
	f.Name = postScriptName(tables["name"])
	return f, nil
}

func (f *Font) parseMetrics() error {
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return errors.New("truncated head, hhea or maxp table")
	}
	f.UnitsPerEm = int(be.Uint16(head[18:]))
	if f.UnitsPerEm < 16 || f.UnitsPerEm > 16384 {
		return fmt.Errorf("bad unitsPerEm %d", f.UnitsPerEm)
	}
	for i := range f.BBox {
		f.BBox[i] = int(int16(be.Uint16(head[36+2*i:])))
	}
	f.longLoca = be.Uint16(head[50:]) != 0
	f.Ascent, f.Descent = int(int16(be.Uint16(hhea[4:]))), int(int16(be.Uint16(hhea[6:])))
	f.CapHeight = f.Ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 && be.Uint16(os2) >= 2 {
		f.CapHeight = int(int16(be.Uint16(os2[88:])))
	}
	if post := f.tables["post"]; len(post) >= 8 {
		f.ItalicAngle = float64(int32(be.Uint32(post[4:]))) / 65536
	}
	f.nGlyphs = int(be.Uint16(maxp[4:]))
	if err := f.parseHmtx(int(be.Uint16(hhea[34:]))); err != nil {
		return err
	}
	return f.parseLoca()
}

func (f *Font) parseHmtx(nLong int) error {
	hmtx := f.tables["hmtx"]
	if nLong == 0 || nLong > f.nGlyphs || 4*nLong > len(hmtx) {
		return errors.New("bad hmtx table")
	}
	f.adv, f.lsb = make([]uint16, f.nGlyphs), make([]int16, f.nGlyphs)
	for g := 0; g < f.nGlyphs; g++ {
		switch {
		case g < nLong:
			f.adv[g], f.lsb[g] = be.Uint16(hmtx[4*g:]), int16(be.Uint16(hmtx[4*g+2:]))
		default:
			f.adv[g] = f.adv[nLong-1]
			if at := 4*nLong + 2*(g-nLong); at+2 <= len(hmtx) {
				f.lsb[g] = int16(be.Uint16(hmtx[at:]))
			}
		}
	}
	return nil
}

func (f *Font) parseLoca() error {
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	f.glyf = glyf
	f.loca = make([]uint32, f.nGlyphs+1)
	for g := range f.loca {
		if f.longLoca {
			if 4*g+4 > len(loca) {
				return errors.New("truncated loca table")
			}
			f.loca[g] = be.Uint32(loca[4*g:])
		} else {
			if 2*g+2 > len(loca) {
				return errors.New("truncated loca table")
			}
			f.loca[g] = 2 * uint32(be.Uint16(loca[2*g:]))
		}
		if int(f.loca[g]) > len(glyf) || (g > 0 && f.loca[g] < f.loca[g-1]) {
			return fmt.Errorf("bad loca entry for glyph %d", g)
		}
	}
	return nil
}

// GlyphIndex returns the glyph id of r, 0 if the font has no glyph for it.
func (f *Font) GlyphIndex(r rune) uint16 { return f.cmap.lookup(r) }

// Advance returns the advance width of glyph g in font units.
func (f *Font) Advance(g uint16) int {
	if int(g) >= len(f.adv) {
		return 0
	}
	return int(f.adv[g])
}

// NumGlyphs is the number of glyphs in the font.
func (f *Font) NumGlyphs() int { return f.nGlyphs }

// TTF returns the font as a standalone TrueType file (the collection subfont
// extracted). The caller must not modify it.
func (f *Font) TTF() []byte { return f.data }

// postScriptName reads name id 6, falling back to "Font".
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return "Font"
	}
	count, strOff := int(be.Uint16(name[2:])), int(be.Uint16(name[4:]))
	for i := 0; i < count && 6+12*i+12 <= len(name); i++ {
		rec := name[6+12*i:]
		pid, id := be.Uint16(rec), be.Uint16(rec[6:])
		length, off := int(be.Uint16(rec[8:])), int(be.Uint16(rec[10:]))
		if id != 6 || strOff+off+length > len(name) {
			continue
		}
		raw := name[strOff+off : strOff+off+length]
		var b strings.Builder
		step := 1
		if pid == 0 || pid == 3 {
			step = 2
		}
		for j := step - 1; j < len(raw); j += step {
			if c := raw[j]; c > 32 && c < 127 && !strings.ContainsRune("[](){}<>/%", rune(c)) {
				b.WriteByte(c)
			}
		}
		if b.Len() > 0 {
			return b.String()
		}
	}
	return "Font"
}
