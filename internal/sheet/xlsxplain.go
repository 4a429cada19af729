package sheet

import "bytes"

// maxPlainText bounds the text plainCell decodes in one go: longer cells,
// rare in a register, take the token path.
const maxPlainText = 4 << 10

var (
	plainV    = [2][]byte{[]byte("<v>"), []byte("</v>")}
	plainIS   = [2][]byte{[]byte("<is><t>"), []byte("</t></is>")}
	endPrefix = []byte("</")
)

// plainCell reads the rest of a cell in one of the two shapes writers give
// nearly every cell, <v>TEXT</v> and <is><t>TEXT</t></is>, each followed at
// once by the cell's end tag, when all of it is in the scanner's buffer and
// TEXT decodes; it then records the value exactly as the token path would
// (the same val, rich and flags for addValue). ok is false, with nothing
// read, for any other shape, and cell goes on token by token: every
// refusal and error is the token path's own.
func (r *sheetReader) plainCell(col int, typ string, style int) (ok bool, err error) {
	if r.tokensOnly {
		return false, nil
	}
	s := r.sc
	b := s.buf[s.pos:s.end]
	shape, inline := plainV, false
	if bytes.HasPrefix(b, plainIS[0]) {
		shape, inline = plainIS, true
	} else if !bytes.HasPrefix(b, plainV[0]) {
		return false, nil
	}
	body := b[len(shape[0]):]
	n := bytes.IndexByte(body[:min(len(body), maxPlainText)], '<')
	if n < 0 {
		return false, nil
	}
	end := body[n:]
	if !bytes.HasPrefix(end, shape[1]) || !isEndTag(end[len(shape[1]):], r.nameC) {
		return false, nil
	}
	dst := &r.val
	if inline {
		dst = &r.rich
	}
	decoded, err := appendText((*dst)[:0], body[:n], false)
	*dst = decoded
	if err != nil {
		return false, nil
	}
	if inline {
		r.val = r.val[:0]
	} else {
		r.rich = r.rich[:0]
	}
	s.pos += len(shape[0]) + n + len(shape[1]) + len(endPrefix) + len(r.nameC) + 1
	return true, r.addValue(col, typ, style, false, inline)
}

// isEndTag reports whether b starts with </name>.
func isEndTag(b, name []byte) bool {
	return bytes.HasPrefix(b, endPrefix) && bytes.HasPrefix(b[len(endPrefix):], name) &&
		len(b) > len(endPrefix)+len(name) && b[len(endPrefix)+len(name)] == '>'
}
