package font

import (
	"errors"
	"sort"
)

// cmap maps runes to glyph ids: a dense array for the BMP and sorted
// groups for the supplementary planes.
type cmap struct {
	bmp  []uint16 // 65536 entries
	supp []group  // sorted by start, all above U+FFFF
}

type group struct{ start, end, gid rune }

func (c *cmap) lookup(r rune) uint16 {
	if r >= 0 && r < 0x10000 {
		return c.bmp[r]
	}
	i := sort.Search(len(c.supp), func(i int) bool { return c.supp[i].end >= r })
	if i < len(c.supp) && c.supp[i].start <= r {
		return uint16(c.supp[i].gid + r - c.supp[i].start)
	}
	return 0
}

// parseCmap picks the best Unicode subtable: format 12 (full repertoire) before format 4 (BMP).
func parseCmap(data []byte, numGlyphs int) (*cmap, error) {
	if len(data) < 4 {
		return nil, errors.New("truncated cmap")
	}
	n := int(be.Uint16(data[2:]))
	var fmt4, fmt12 []byte
	for i := 0; i < n && 4+8*i+8 <= len(data); i++ {
		rec := data[4+8*i:]
		pid, eid, off := be.Uint16(rec), be.Uint16(rec[2:]), int(be.Uint32(rec[4:]))
		if off+4 > len(data) {
			continue
		}
		sub := data[off:]
		unicode := pid == 0 || (pid == 3 && (eid == 1 || eid == 10))
		if !unicode {
			continue
		}
		switch be.Uint16(sub) {
		case 4:
			fmt4 = sub
		case 12:
			fmt12 = sub
		}
	}
	c := &cmap{bmp: make([]uint16, 0x10000)}
	switch {
	case fmt12 != nil:
		return c, c.format12(fmt12, numGlyphs)
	case fmt4 != nil:
		return c, c.format4(fmt4, numGlyphs)
	}
	return nil, errors.New("no Unicode cmap subtable (format 4 or 12)")
}

func (c *cmap) format12(d []byte, numGlyphs int) error {
	if len(d) < 16 {
		return errors.New("truncated cmap format 12")
	}
	n := int(be.Uint32(d[12:]))
	if n < 0 || n > (len(d)-16)/12 {
		return errors.New("truncated cmap format 12")
	}
	for i := 0; i < n; i++ {
		g := d[16+12*i:]
		start, end, gid := rune(be.Uint32(g)), rune(be.Uint32(g[4:])), rune(be.Uint32(g[8:]))
		if end < start || end > 0x10FFFF || int(gid)+int(end-start) >= numGlyphs {
			continue
		}
		for r := start; r <= end && r < 0x10000; r++ {
			c.bmp[r] = uint16(gid + r - start)
		}
		if end >= 0x10000 {
			if start < 0x10000 {
				gid += 0x10000 - start
				start = 0x10000
			}
			c.supp = append(c.supp, group{start, end, gid})
		}
	}
	sort.Slice(c.supp, func(i, j int) bool { return c.supp[i].start < c.supp[j].start })
	return nil
}

func (c *cmap) format4(d []byte, numGlyphs int) error {
	if len(d) < 14 {
		return errors.New("truncated cmap format 4")
	}
	segs := int(be.Uint16(d[6:])) / 2
	if 16+8*segs > len(d) {
		return errors.New("truncated cmap format 4")
	}
	ends, starts := d[14:], d[16+2*segs:]
	deltas, ranges := d[16+4*segs:], d[16+6*segs:]
	for s := 0; s < segs; s++ {
		end, start := int(be.Uint16(ends[2*s:])), int(be.Uint16(starts[2*s:]))
		delta, ro := be.Uint16(deltas[2*s:]), int(be.Uint16(ranges[2*s:]))
		for r := start; r <= end && r < 0xFFFF; r++ {
			var g uint16
			if ro == 0 {
				g = uint16(r) + delta
			} else {
				at := 16 + 6*segs + 2*s + ro + 2*(r-start)
				if at+2 > len(d) {
					break
				}
				if g = be.Uint16(d[at:]); g != 0 {
					g += delta
				}
			}
			if int(g) < numGlyphs {
				c.bmp[r] = g
			}
		}
	}
	return nil
}
