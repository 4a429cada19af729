package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
)

const mmToPt = 72 / 25.4

var namedSizes = map[string][2]float64{ // portrait width, height in mm
	"A3": {297, 420}, "A4": {210, 297}, "A5": {148, 210}, "B5": {176, 250},
}

// pageSize returns the page's width and height in points.
func pageSize(p catalogue.Page) (w, h float64, err error) {
	if p.Size == "" {
		if p.Width <= 0 || p.Height <= 0 || p.Width > 5000 || p.Height > 5000 {
			return 0, 0, fmt.Errorf("page: give a size (A3, A4, A5, B5) or width and height in mm")
		}
		return p.Width * mmToPt, p.Height * mmToPt, nil
	}
	s, ok := namedSizes[strings.ToUpper(p.Size)]
	if !ok {
		return 0, 0, fmt.Errorf("page size %q: use A3, A4, A5 or B5, or width and height in mm", p.Size)
	}
	switch p.Orientation {
	case "", "portrait":
	case "landscape":
		s[0], s[1] = s[1], s[0]
	default:
		return 0, 0, fmt.Errorf("page orientation %q: use portrait or landscape", p.Orientation)
	}
	return s[0] * mmToPt, s[1] * mmToPt, nil
}

// parseColor turns "#RRGGBB" (default black) into a PDF fill-colour operator.
func parseColor(c string) (string, error) {
	if c == "" {
		return "0 0 0 rg", nil
	}
	v, err := strconv.ParseUint(strings.TrimPrefix(c, "#"), 16, 32)
	if err != nil || len(c) != 7 || c[0] != '#' {
		return "", fmt.Errorf("color %q: use #RRGGBB", c)
	}
	var b []byte
	for _, shift := range []uint{16, 8, 0} {
		b = appendNum(b, float64(v>>shift&0xFF)/255)
		b = append(b, ' ')
	}
	return string(b) + "rg", nil
}

// formatValue turns a normalised value into the text shown on the face:
// dates per the element's format, enum codes as their labels.
func formatValue(it *dataitem.Item, format, v string) string {
	switch it.Type {
	case dataitem.Date:
		return formatDate(format, v)
	case dataitem.Enum:
		if format == "code" {
			return v
		}
		for _, c := range it.Codes {
			if c.Code == v {
				return c.Label
			}
		}
	}
	return v
}

func formatDate(format, v string) string {
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return v
	}
	switch format {
	case "zh":
		return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
	case "dots":
		return d.Format("2006.01.02")
	}
	return v
}
