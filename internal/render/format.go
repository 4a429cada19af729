package render

import (
	"fmt"
	"strconv"
	"strings"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
)

const mmToPt = 72 / 25.4

// pageSize returns the page's width and height in points (catalogue.Page.Dimensions in mm).
func pageSize(p catalogue.Page) (w, h float64, err error) {
	w, h, err = p.Dimensions()
	return w * mmToPt, h * mmToPt, err
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

// formatValue is the text shown on the face for a normalised value: the same
// text the linter measures (catalogue.FormatValue).
func formatValue(it *dataitem.Item, format, v string) string {
	return catalogue.FormatValue(*it, format, v)
}
