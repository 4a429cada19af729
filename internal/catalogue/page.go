package catalogue

import "fmt"

// namedPages are the portrait sizes of the named pages, in millimetres.
var namedPages = map[string][2]float64{
	"A3": {297, 420},
	"A4": {210, 297},
	"A5": {148, 210},
	"B5": {176, 250},
}

// maxPageMM bounds explicit page sizes (two metres is already a poster).
const maxPageMM = 2000

// Dimensions returns the page width and height in millimetres. Orientation
// turns a named size; explicit width and height are taken as given.
func (pg Page) Dimensions() (w, h float64, err error) {
	switch {
	case pg.Size != "" && (pg.Width != 0 || pg.Height != 0):
		return 0, 0, fmt.Errorf("give either size (with orientation) or width and height, not both")
	case pg.Size != "":
		wh, ok := namedPages[pg.Size]
		if !ok {
			return 0, 0, fmt.Errorf("page size %q is not one of A3, A4, A5, B5; or give width and height in mm", pg.Size)
		}
		w, h = wh[0], wh[1]
	case pg.Width > 0 && pg.Height > 0 && pg.Width <= maxPageMM && pg.Height <= maxPageMM:
		w, h = pg.Width, pg.Height
	default:
		return 0, 0, fmt.Errorf("page needs a size (A3, A4, A5, B5) or a width and height between 0 and %d mm", maxPageMM)
	}
	switch pg.Orientation {
	case "", "portrait":
	case "landscape":
		if pg.Size != "" {
			w, h = h, w
		}
	default:
		return 0, 0, fmt.Errorf("orientation %q: use portrait or landscape", pg.Orientation)
	}
	return w, h, nil
}
