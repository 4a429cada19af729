package catalogue

import "ezz/internal/text"

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
		return 0, 0, text.Errorf("请给出 size（可带 orientation）或 width 与 height，不要同时给出",
			"give either size (with orientation) or width and height, not both")
	case pg.Size != "":
		wh, ok := namedPages[pg.Size]
		if !ok {
			return 0, 0, text.Errorf("纸型 %q 不是 A3、A4、A5、B5 之一；或以毫米给出 width 和 height",
				"page size %q is not one of A3, A4, A5, B5; or give width and height in mm", pg.Size)
		}
		w, h = wh[0], wh[1]
	case pg.Width > 0 && pg.Height > 0 && pg.Width <= maxPageMM && pg.Height <= maxPageMM:
		w, h = pg.Width, pg.Height
	default:
		return 0, 0, text.Errorf("页面需要 size（A3、A4、A5、B5）或 0 到 %d mm 之间的 width 和 height",
			"page needs a size (A3, A4, A5, B5) or a width and height between 0 and %d mm", maxPageMM)
	}
	switch pg.Orientation {
	case "", "portrait":
	case "landscape":
		if pg.Size != "" {
			w, h = h, w
		}
	default:
		return 0, 0, text.Errorf("orientation %q：请使用 portrait（纵向）或 landscape（横向）", "orientation %q: use portrait or landscape", pg.Orientation)
	}
	return w, h, nil
}
