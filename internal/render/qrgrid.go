package render

import "sync/atomic"

// qrGrid is a QR code's coordinates as the content stream writes them, for
// one element and one matrix size: every token of a batch has the same
// size, so the numbers are formatted once rather than four per rectangle.
// The bytes are those the formatting would write each time.
type qrGrid struct {
	rows, cols int
	square     []byte   // the white square with the quiet zone: "x y w h "
	xs         [][]byte // "x " of each module column
	ys         [][]byte // "y " of each module row (its lower edge)
	ws         [][]byte // "w h " of a run of k+1 modules
}

// qrGrids keeps the grid of an element's last matrix size.
type qrGrids struct{ last atomic.Pointer[qrGrid] }

// grid returns the grid of element el for a matrix of m on page height
// hPt. The module size follows the number of rows (a QR code is square);
// cols is the longest row.
func (g *qrGrids) grid(el element, m [][]bool, hPt float64) *qrGrid {
	rows, cols := len(m), 0
	for _, line := range m {
		cols = max(cols, len(line))
	}
	if q := g.last.Load(); q != nil && q.rows == rows && q.cols == cols {
		return q
	}
	q := newQRGrid(el, rows, cols, hPt)
	g.last.Store(q)
	return q
}

func newQRGrid(el element, rows, cols int, hPt float64) *qrGrid {
	size := el.W * mmToPt
	unit := size / (float64(rows) + 8)
	x0, top := el.X*mmToPt, hPt-el.Y*mmToPt
	q := &qrGrid{rows: rows, cols: cols, xs: make([][]byte, cols), ys: make([][]byte, rows), ws: make([][]byte, cols)}
	q.square = nums(x0, top-size, size, size)
	for k := range cols {
		q.xs[k] = nums(x0 + unit*float64(k+4))
		q.ws[k] = nums(unit*float64(k+1), unit)
	}
	for k := range rows {
		q.ys[k] = nums(top - unit*float64(k+5))
	}
	return q
}

// nums formats xs as page.op does, each followed by a space.
func nums(xs ...float64) []byte {
	var b []byte
	for _, x := range xs {
		b = appendNum(b, x)
		b = append(b, ' ')
	}
	return b
}
