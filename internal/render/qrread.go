package render

import (
	"bytes"
	"strconv"
)

// DrawnQR reads back the QR codes a page's content stream draws in the
// module frame of page.qr (qrframe.go): "… re f 0 0 0 rg U 0 0 -U X Y cm",
// then one "col row width 1 re" a run of dark modules, then "f Q". It
// returns each code's modules, m[row][col], so that a verifier can decode
// what a scanner of the printed page reads. A drawing in any other form
// (an earlier build's page coordinates, another program's file) is not
// found; a frame whose line goes on past its "cm", whose module is not a
// positive PDF number (a code drawn nowhere), or whose rectangles are not
// whole modules inside a square of a QR code's size, is returned as an
// empty matrix, which no decoder reads.
// It reads at most limit codes (each up to 177×177 modules).
func DrawnQR(content []byte, limit int) [][][]bool {
	var out [][][]bool
	marker := []byte("re f 0 0 0 rg ")
	for len(out) < limit {
		i := bytes.Index(content, marker)
		if i < 0 {
			return out
		}
		content = content[i+len(marker):]
		body, ok := frameBody(content)
		switch {
		case !ok:
			continue
		case body == nil:
			out = append(out, nil)
			continue
		}
		var m [][]bool
		m, content = drawnModules(body)
		out = append(out, m)
	}
	return out
}

// frameLine bounds the bytes of a module frame's "U 0 0 -U X Y cm".
const frameLine = 96

// frameBody checks that c starts with the rest of a module frame,
// "U 0 0 -U X Y cm\n", and returns the bytes after it, or nil when the line
// goes on past its "cm" (a frame, but no module runs of its own follow it).
// It looks no further than frameLine bytes: a search to the end of c for
// each frame would make a page of frames cost its size squared.
func frameBody(c []byte) ([]byte, bool) {
	f := bytes.Fields(c[:min(len(c), frameLine)])
	if len(f) < 7 || string(f[6]) != "cm" || string(f[1]) != "0" || string(f[2]) != "0" ||
		string(f[3]) != "-"+string(f[0]) {
		return nil, false
	}
	for _, x := range [][]byte{f[0], f[4], f[5]} {
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			return nil, false
		}
	}
	// A unit that is no PDF number (NaN, Inf, 1e3: Go reads them, a PDF
	// reader does not) or not above zero draws no code a scanner sees.
	if u, _ := strconv.ParseFloat(string(f[0]), 64); !(u > 0) || !pdfReal(f[0]) || !pdfReal(f[4]) || !pdfReal(f[5]) {
		return nil, true
	}
	end := bytes.Index(c[:min(len(c), frameLine+1)], []byte(" cm\n"))
	if end < 0 || len(bytes.Fields(c[:end])) != 6 {
		return nil, true
	}
	return c[end+len(" cm\n"):], true
}

// pdfReal reports whether b is a PDF number: an optional sign, digits and
// at most one period among them.
func pdfReal(b []byte) bool {
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	digits, dots := 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// maxModules is the side of the largest QR code (version 40).
const maxModules = 177

// drawnModules reads "col row width 1 re" lines up to "f Q" into modules,
// and the bytes after them, or nil when a line is anything else.
func drawnModules(body []byte) ([][]bool, []byte) {
	runs := make([][3]int, 0, 1024)
	n := 0
	for {
		if bytes.HasPrefix(body, []byte("f Q\n")) {
			break
		}
		r, rest, ok := drawnRun(body)
		if !ok {
			return nil, body
		}
		body = rest
		n = max(n, r[0]+r[2], r[1]+1)
		runs = append(runs, r)
	}
	cells := make([]bool, n*n)
	m := make([][]bool, n)
	for i := range m {
		m[i] = cells[i*n : (i+1)*n : (i+1)*n]
	}
	for _, r := range runs {
		for c := r[0]; c < r[0]+r[2]; c++ {
			m[r[1]][c] = true
		}
	}
	return m, body
}

// drawnRun reads one "col row width 1 re\n" line of whole modules inside
// the largest QR code.
func drawnRun(b []byte) (r [3]int, rest []byte, ok bool) {
	for k := range r {
		x, i := 0, 0
		for i < len(b) && i < 4 && b[i] >= '0' && b[i] <= '9' {
			x = x*10 + int(b[i]-'0')
			i++
		}
		if i == 0 || i == len(b) || b[i] != ' ' {
			return r, nil, false
		}
		r[k], b = x, b[i+1:]
	}
	if !bytes.HasPrefix(b, []byte("1 re\n")) || r[2] == 0 || r[0]+r[2] > maxModules || r[1] >= maxModules {
		return r, nil, false
	}
	return r, b[len("1 re\n"):], true
}
