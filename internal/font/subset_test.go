package font

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestSubset(t *testing.T) {
	c := testChain(t)
	for i, text := range []string{"电子证照ABC", "ÅéĳÇ fi", "䶮", "𠮷"} {
		fi, _, _ := c.Glyph([]rune(text)[0])
		f := c.Font(fi)
		var gids []uint16
		seen := map[uint16]bool{}
		for _, r := range text {
			if g := f.GlyphIndex(r); g != 0 && !seen[g] {
				seen[g] = true
				gids = append(gids, g)
			}
		}
		ttf, order, err := f.Subset(gids)
		if err != nil {
			t.Fatal(err)
		}
		sf, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatalf("%d: x/image/font/sfnt cannot parse the subset: %v", i, err)
		}
		if got := sf.NumGlyphs(); got != len(order) || len(order) < len(gids)+1 {
			t.Fatalf("%d: subset has %d glyphs, order %d, gids %d", i, got, len(order), len(gids))
		}
		var buf sfnt.Buffer
		for j, g := range gids {
			segs, err := sf.LoadGlyph(&buf, sfnt.GlyphIndex(j+1), 1000, nil)
			if err != nil {
				t.Fatalf("%d: load subset glyph %d: %v", i, j+1, err)
			}
			orig, _ := Parse(f.TTF(), 0)
			osf, _ := sfnt.Parse(orig.TTF())
			want, _ := osf.LoadGlyph(&sfnt.Buffer{}, sfnt.GlyphIndex(g), 1000, nil)
			if len(segs) != len(want) {
				t.Errorf("%d: glyph %d has %d segments in the subset, %d in the font", i, g, len(segs), len(want))
			}
			adv, _ := sf.GlyphAdvance(&buf, sfnt.GlyphIndex(j+1), 1000, 0)
			wantAdv, _ := osf.GlyphAdvance(&sfnt.Buffer{}, sfnt.GlyphIndex(g), 1000, 0)
			if adv != wantAdv {
				t.Errorf("%d: advance %v, want %v", i, adv, wantAdv)
			}
		}
		if len(ttf) > 200_000 {
			t.Errorf("%d: subset of %d glyphs is %d bytes; want a real subset", i, len(gids), len(ttf))
		}
	}
}

// TestIDMap: the subset's id map answers as a Go map does, for the ids of
// the subset and the components added after them.
func TestIDMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 100 {
		want := map[uint16]uint16{}
		var order []uint16
		for n := rng.IntN(300); len(order) < n; {
			if g := uint16(rng.Uint32()); want[g] == 0 && g != 0 {
				want[g] = uint16(len(order) + 1)
				order = append(order, g)
			}
		}
		m := newIDMap(append([]uint16{0}, order...))
		for range 50 {
			g := uint16(rng.Uint32())
			if _, ok := m.get(g); !ok && want[g] == 0 && g != 0 {
				id := uint16(len(want) + 1)
				m.put(g, id)
				want[g] = id
			}
		}
		for range 1000 {
			g := uint16(rng.Uint32())
			if rng.IntN(2) == 0 && len(order) > 0 {
				g = order[rng.IntN(len(order))]
			}
			got, ok := m.get(g)
			if w, in := want[g]; ok != (in || g == 0) || got != w {
				t.Fatalf("get(%d) = %d, %v; want %d, %v", g, got, ok, w, in)
			}
		}
	}
}
