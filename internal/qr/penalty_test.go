package qr

import (
	"math/rand/v2"
	"testing"

	zxenc "github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// zxingPenalties scores b with gozxing's port of ZXing's MaskUtil, a
// straightforward module-by-module implementation.
func zxingPenalties(b *bitmap, n int) [4]int {
	m := zxenc.NewByteMatrix(n, n)
	for y := range n {
		for x := range n {
			m.SetBool(x, y, b[y]>>x&1 != 0)
		}
	}
	return [4]int{
		zxenc.MaskUtil_applyMaskPenaltyRule1(m),
		zxenc.MaskUtil_applyMaskPenaltyRule2(m),
		zxenc.MaskUtil_applyMaskPenaltyRule3(m),
		zxenc.MaskUtil_applyMaskPenaltyRule4(m),
	}
}

// TestPenaltyMatchesZXing compares every rule on random matrices of every
// side up to maxSide: uniform noise, sparse and dense noise (long runs), and
// matrices sprinkled with finder-like patterns near the edges.
func TestPenaltyMatchesZXing(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 7; n <= maxSide; n++ {
		for _, kind := range []string{"uniform", "sparse", "dense", "finders"} {
			for i := range 20 {
				b := randomBitmap(r, n, kind)
				if got, want := penalties(&b, n), zxingPenalties(&b, n); got != want {
					t.Fatalf("side %d, %s #%d: got %v, want %v\n%s", n, kind, i, got, want, dump(&b, n))
				}
			}
		}
	}
}

func randomBitmap(r *rand.Rand, n int, kind string) bitmap {
	var b bitmap
	for y := range n {
		for x := range n {
			var dark bool
			switch kind {
			case "sparse":
				dark = r.IntN(8) == 0
			case "dense":
				dark = r.IntN(8) != 0
			default:
				dark = r.IntN(2) == 0
			}
			if dark {
				b[y] |= 1 << x
			}
		}
	}
	if kind == "finders" {
		for range 6 {
			putFinder(&b, n, r.IntN(n), r.IntN(n), r.IntN(2) == 0)
		}
	}
	return b
}

// putFinder writes 0000 1011101 0000 across (or down) from (x, y), clipped.
func putFinder(b *bitmap, n, x, y int, across bool) {
	const pattern = "000010111010000"
	for i, c := range pattern {
		px, py := x+i-4, y
		if !across {
			px, py = x, y+i-4
		}
		if px < 0 || py < 0 || px >= n || py >= n {
			continue
		}
		b[py] &^= 1 << px
		if c == '1' {
			b[py] |= 1 << px
		}
	}
}

func dump(b *bitmap, n int) string {
	s := ""
	for y := range n {
		for x := range n {
			s += map[bool]string{true: "#", false: "."}[b[y]>>x&1 != 0]
		}
		s += "\n"
	}
	return s
}

// TestPenaltyKnown checks hand-computed scores.
func TestPenaltyKnown(t *testing.T) {
	var light, stripes, finder bitmap
	for y := range 21 {
		if y%2 == 0 {
			stripes[y] = 1<<21 - 1
		}
	}
	finder[10] = 0b1011101 << 7 // columns 7–13 of row 10, light all round
	tests := []struct {
		name string
		b    bitmap
		want [4]int
	}{
		// 21 runs of 21 per direction: 2·21·(3+16); 20·20 blocks; no dark: 10·10.
		{"all light", light, [4]int{798, 1200, 0, 100}},
		// rows: 21 runs of 21; columns alternate; 231 dark of 441 is within 5 %.
		{"horizontal stripes", stripes, [4]int{399, 0, 0, 0}},
		// N1: 20 light rows (19 each), row 10's two light runs of 7 (5 each),
		// 16 light columns (19 each), 5 columns split by row 10 into two light
		// runs of 10 (8 each). N2: 360 blocks away from row 10, 24 beside it.
		// N3: the run has 4 light modules before it. N4: 5 dark of 441.
		{"one finder-like run", finder, [4]int{380 + 10 + 304 + 80, 3 * 384, 40, 90}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := penalties(&tt.b, 21); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestChosenMaskIsBest checks on real tokens that the mask chosen has the
// lowest ZXing penalty of the 8.
func TestChosenMaskIsBest(t *testing.T) {
	key := sm2Key(t)
	for i := range 10 {
		p := mustMake(t, claimsFor(key), key, urlPrefix)
		s, err := encodeSymbol(p)
		if err != nil {
			t.Fatal(err)
		}
		scores := make([]int, 8)
		var b bitmap
		for m := range 8 {
			s.masked(m, &b)
			z := zxingPenalties(&b, s.l.side)
			scores[m] = z[0] + z[1] + z[2] + z[3]
		}
		for m, sc := range scores {
			if sc < scores[s.mask] || sc == scores[s.mask] && m < s.mask {
				t.Fatalf("token %d: chose mask %d, but mask %d scores less or equal: %v", i, s.mask, m, scores)
			}
		}
	}
}
