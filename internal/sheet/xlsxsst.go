package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Limits on the shared strings table the fast reader loads.
const (
	maxSharedStrings = 8 << 20   // strings
	maxSharedBytes   = 512 << 20 // decoded text, all strings together
)

var nSI = []byte("si")

// readRich appends the text of a rich string element (<si> of the shared
// strings, <is> of an inline string) as excelize's xlsxSI.String builds it,
// before its _xHHHH_ decoding: the last direct <t>, then the last <t> of
// each <r> run in order; phonetic runs (<rPh>) and other elements are left
// out, as encoding/xml leaves out elements a struct does not name.
func (r *sheetReader) readRich(dst []byte, t *xmlTok, want []byte) ([]byte, error) {
	if t.self {
		return dst, nil
	}
	start := len(dst)
	r.runs = r.runs[:0]
	for {
		t, err := r.sc.next()
		if err != nil {
			return dst, err
		}
		switch t.kind {
		case tokEOF:
			return dst, errors.New("unexpected end of XML in a string")
		case tokStart:
			switch ln := local(t.name); {
			case bytes.Equal(ln, nT):
				dst, err = r.readText(dst[:start], t, nT)
			case bytes.Equal(ln, nR):
				err = r.readRun(t)
			default:
				err = r.skip(t)
			}
			if err != nil {
				return dst, err
			}
		case tokEnd:
			if !bytes.Equal(local(t.name), want) {
				return dst, fmt.Errorf("element <%s> closed by </%s>", want, clip(t.name))
			}
			if len(dst)-start+len(r.runs) > maxCellBytes {
				return dst, fmt.Errorf("a string holds more than %d bytes of text", maxCellBytes)
			}
			return append(dst, r.runs...), nil
		}
	}
}

// readRun appends to r.runs the text of a rich text run <r>: its last <t>.
func (r *sheetReader) readRun(t *xmlTok) error {
	if t.self {
		return nil
	}
	start := len(r.runs)
	for {
		t, err := r.sc.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			return errors.New("unexpected end of XML in a rich text run")
		case tokStart:
			if bytes.Equal(local(t.name), nT) {
				r.runs, err = r.readText(r.runs[:start], t, nT)
			} else {
				err = r.skip(t)
			}
			if err != nil {
				return err
			}
			if len(r.runs) > maxCellBytes {
				return fmt.Errorf("a string holds more than %d bytes of text", maxCellBytes)
			}
		case tokEnd:
			if !bytes.Equal(local(t.name), nR) {
				return fmt.Errorf("element <r> closed by </%s>", clip(t.name))
			}
			return nil
		}
	}
}

// readSST reads a shared strings part (xl/sharedStrings.xml): the text of
// each <si> under the root, as excelize returns it for a cell of type s.
func readSST(rd io.Reader) ([]string, error) {
	r := newSheetReader(rd, nil, nil)
	var out []string
	total, depth := 0, 0
	var buf []byte
	for {
		t, err := r.sc.next()
		if err != nil {
			return nil, fmt.Errorf("shared string %d: %w", len(out), err)
		}
		switch t.kind {
		case tokEOF:
			if depth > 0 {
				return nil, errors.New("shared strings: unexpected end of XML")
			}
			return out, nil
		case tokStart:
			switch {
			case depth == 0:
				depth = 1
				if t.self {
					return out, nil
				}
				continue
			case bytes.Equal(local(t.name), nSI):
				if buf, err = r.readRich(buf[:0], t, nSI); err != nil {
					return nil, fmt.Errorf("shared string %d: %w", len(out), err)
				}
				s := string(appendBstr(nil, buf))
				total += len(s)
				out = append(out, s)
			default:
				err = r.skip(t)
			}
			if err != nil {
				return nil, fmt.Errorf("shared string %d: %w", len(out), err)
			}
			if len(out) > maxSharedStrings || total > maxSharedBytes {
				return nil, fmt.Errorf("more than %d shared strings or %d MiB of them", maxSharedStrings, maxSharedBytes>>20)
			}
		case tokEnd:
			if depth == 1 {
				return out, nil // the root's end: encoding/xml reads no further
			}
		}
	}
}
