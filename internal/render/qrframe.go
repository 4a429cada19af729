package render

import (
	"strconv"
	"sync/atomic"
)

// A QR code's rectangles are drawn in a frame of one unit a module, its
// origin the top-left module's corner and y downwards, so that a rectangle
// is "col row width 1 re": ≈ 7 KB of content stream for a token's 49
// modules instead of ≈ 18 KB with page coordinates, the same geometry.
//
// One inline image mask of the modules was tried (≈ 1.2 KB, BENCHMARKS.md
// round 6): zbar read it from every render, Ghostscript's at 72 dpi
// included, where it reads no rectangles; but poppler scales an image by
// whole pixels a sample (it interpolates images, and replicates masks'
// samples 2 or 3 pixels a module at 72 dpi), and ezz's own decoder then
// read 16 of 24 tokens from a 150 dpi render halved (rectangles: 24) and
// none at 60 dpi (21).

// qrFrame is the start of a QR code's drawing for one element and one
// matrix size: the white square and the module frame.
type qrFrame struct {
	rows int
	head []byte // "q 1 1 1 rg x y w h re f 0 0 0 rg u 0 0 -u x y cm\n"
}

// quiet is the quiet zone's width in modules on every side (ISO/IEC 18004).
const quiet = 4

// qrFrames keeps the frame of an element's last matrix size: every token
// of a batch has the same size, so it is formatted once.
type qrFrames struct{ last atomic.Pointer[qrFrame] }

// frame returns the frame of element el for a matrix of rows rows on page
// height hPt. The module size follows the number of rows (a QR code is
// square).
func (g *qrFrames) frame(el element, rows int, hPt float64) []byte {
	if q := g.last.Load(); q != nil && q.rows == rows {
		return q.head
	}
	q := newQRFrame(el, rows, hPt)
	g.last.Store(q)
	return q.head
}

func newQRFrame(el element, rows int, hPt float64) *qrFrame {
	size := el.W * mmToPt
	unit := size / float64(rows+2*quiet)
	x0, top := el.X*mmToPt, hPt-el.Y*mmToPt
	b := []byte("q 1 1 1 rg ")
	b = appendNums(b, x0, top-size, size, size)
	b = append(b, "re f 0 0 0 rg "...)
	// The unit with 6 decimals: a module's rounding would add up across the code.
	u := strconv.AppendFloat(nil, unit, 'f', 6, 64)
	b = append(append(b, u...), " 0 0 -"...)
	b = append(append(b, u...), ' ')
	b = appendNums(b, x0+unit*quiet, top-unit*quiet)
	return &qrFrame{rows: rows, head: append(b, "cm\n"...)}
}

// appendNums appends xs as page.op does, each followed by a space.
func appendNums(b []byte, xs ...float64) []byte {
	for _, x := range xs {
		b = appendNum(b, x)
		b = append(b, ' ')
	}
	return b
}
