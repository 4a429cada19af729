package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/bits"
	"sync"

	"rsc.io/qr/coding"
)

// maxSide is the side of the largest symbol Modules draws; every row of it
// fits one uint64 with room for the bit tricks of penalty.go.
const maxSide = 17 + 4*MaxQRVersion

// The penalty scans need 4 spare bits above the last column.
var _ [60 - maxSide]struct{}

// bitmap holds a symbol row by row: bit x of row y is the module in column x,
// 1 for dark.
type bitmap [maxSide]uint64

// layout is what one version's symbols have in common, taken once from
// rsc.io/qr's plans: the plan for mask 0, which encodes the data, and per
// mask the dark function modules (finders, timing, alignment, version and
// format information) and the modules the mask inverts.
type layout struct {
	plan0 *coding.Plan
	side  int
	data  bitmap    // data, error correction and remainder modules
	fixed [8]bitmap // dark function modules with mask m's format information
	mask  [8]bitmap // data modules mask m inverts
}

var (
	layouts    [MaxQRVersion + 1]*layout
	layoutOnce [MaxQRVersion + 1]sync.Once
	layoutErr  [MaxQRVersion + 1]error
)

// layoutOf returns version v's layout at level M, built on first use.
func layoutOf(v int) (*layout, error) {
	layoutOnce[v].Do(func() { layouts[v], layoutErr[v] = newLayout(v) })
	return layouts[v], layoutErr[v]
}

func newLayout(v int) (*layout, error) {
	l := &layout{side: 17 + 4*v}
	for m := range 8 {
		p, err := coding.NewPlan(coding.Version(v), coding.M, coding.Mask(m))
		if err != nil {
			return nil, fmt.Errorf("plan QR version %d mask %d: %w", v, m, err)
		}
		if m == 0 {
			l.plan0 = p
		}
		for y, row := range p.Pixel {
			for x, pix := range row {
				bit := uint64(1) << x
				dark := pix&coding.Black != 0
				switch pix.Role() {
				case coding.Data, coding.Check, coding.Extra:
					l.data[y] |= bit
					if dark { // before data is placed, Black is the mask bit
						l.mask[m][y] |= bit
					}
				default:
					if dark {
						l.fixed[m][y] |= bit
					}
				}
			}
		}
	}
	return l, nil
}

// symbol is an encoded payload: its version, the unmasked data modules and
// the mask chosen for it.
type symbol struct {
	l    *layout
	raw  bitmap // data modules before masking
	mask int
}

// encodeSymbol encodes payload at the smallest version that holds it, up to
// MaxQRVersion, and picks the mask with the lowest penalty.
func encodeSymbol(payload string) (*symbol, error) {
	v, segs, err := choose(payload)
	if err != nil {
		return nil, err
	}
	if v > MaxQRVersion {
		return nil, fmt.Errorf("%w: payload of %d characters needs QR version %d, more than %d", ErrTooLarge, len(payload), v, MaxQRVersion)
	}
	l, err := layoutOf(v)
	if err != nil {
		return nil, err
	}
	code, err := l.plan0.Encode(encodings(payload, segs)...)
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	s := &symbol{l: l}
	for y := range l.side {
		s.raw[y] = (rowOf(code, y) ^ l.mask[0][y]) & l.data[y]
	}
	s.mask = s.bestMask()
	return s, nil
}

// encodings converts segments to rsc.io/qr's encodings.
func encodings(payload string, segs []segment) []coding.Encoding {
	enc := make([]coding.Encoding, len(segs))
	for i, sg := range segs {
		text := payload[sg.start:sg.end]
		switch sg.mode {
		case modeNum:
			enc[i] = coding.Num(text)
		case modeAlpha:
			enc[i] = alphaText(text)
		default:
			enc[i] = coding.String(text)
		}
	}
	return enc
}

// rowOf reads row y of an rsc.io/qr code (most significant bit first) as a
// bitmap row.
func rowOf(c *coding.Code, y int) uint64 {
	var w uint64
	row := c.Bitmap[y*c.Stride:]
	for i := range (c.Size + 7) / 8 {
		w |= uint64(bits.Reverse8(row[i])) << (8 * i)
	}
	return w
}

// masked draws the symbol with mask m.
func (s *symbol) masked(m int, out *bitmap) {
	l := s.l
	for y := range l.side {
		out[y] = l.fixed[m][y] | (s.raw[y] ^ l.mask[m][y])
	}
}

// bestMask returns the mask with the lowest penalty score, the lowest
// numbered one among equals.
func (s *symbol) bestMask() int {
	best, bestScore := 0, -1
	var b bitmap
	for m := range 8 {
		s.masked(m, &b)
		if p := penalty(&b, s.l.side); bestScore < 0 || p < bestScore {
			best, bestScore = m, p
		}
	}
	return best
}

// modules returns the symbol as rows of dark (true) modules.
func (s *symbol) modules() [][]bool {
	var b bitmap
	s.masked(s.mask, &b)
	n := s.l.side
	cells := make([]bool, n*n)
	rows := make([][]bool, n)
	var wide [maxSide + 7]bool
	for y := range n {
		for i := 0; i < n; i += 8 {
			*(*[8]bool)(wide[i:]) = byteBools[uint8(b[y]>>i)]
		}
		rows[y] = cells[y*n : (y+1)*n : (y+1)*n]
		copy(rows[y], wide[:n])
	}
	return rows
}

// byteBools spells out the bits of a byte, least significant first.
var byteBools = func() (t [256][8]bool) {
	for v := range t {
		for i := range 8 {
			t[v][i] = v>>i&1 != 0
		}
	}
	return t
}()

// quietZone is the light margin PNG draws around the symbol, in modules.
const quietZone = 4

// png draws the symbol with px pixels per module and the quiet zone, as a
// 1-bit paletted PNG.
func (s *symbol) png(px int) ([]byte, error) {
	var b bitmap
	s.masked(s.mask, &b)
	side := (s.l.side + 2*quietZone) * px
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y := range s.l.side {
		line := img.Pix[(y+quietZone)*px*img.Stride:]
		for x := range s.l.side {
			if b[y]>>x&1 != 0 {
				start := (x + quietZone) * px
				for i := start; i < start+px; i++ {
					line[i] = 1
				}
			}
		}
		for i := 1; i < px; i++ {
			copy(img.Pix[((y+quietZone)*px+i)*img.Stride:][:side], line[:side])
		}
	}
	var out bytes.Buffer
	enc := png.Encoder{BufferPool: pngBuffers{}}
	if err := enc.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("encode QR image: %w", err)
	}
	return out.Bytes(), nil
}

// pngBuffers reuses the PNG encoder's buffers (its zlib state is most of
// the cost of a small image).
type pngBuffers struct{}

var pngPool sync.Pool

func (pngBuffers) Get() *png.EncoderBuffer {
	b, _ := pngPool.Get().(*png.EncoderBuffer)
	return b
}

func (pngBuffers) Put(b *png.EncoderBuffer) { pngPool.Put(b) }
