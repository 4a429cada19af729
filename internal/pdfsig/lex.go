package pdfsig

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// PDF values as the parser returns them: nil (null), bool, int64, float64,
// Name, String, Ref, Array, Dict and *Stream.
type (
	// Name is a PDF name without its slash, with #xx escapes decoded.
	Name string
	// String is a literal or hexadecimal string, decoded.
	String []byte
	// Ref is an indirect reference "num gen R".
	Ref struct{ Num, Gen int }
	// Array is a PDF array.
	Array []any
	// Dict is a PDF dictionary keyed by name (without the slash).
	Dict map[Name]any
	// Stream is a stream object: its dictionary and its raw (still encoded) data.
	Stream struct {
		Dict Dict
		Raw  []byte
	}
)

const maxDepth = 32

var errSyntax = errors.New("pdf syntax error")

// parser reads PDF tokens from buf starting at pos.
type parser struct {
	buf []byte
	pos int
	// contents records the span of the value of /Contents in the outermost
	// dictionary parsed, so a signature's ByteRange gap can be checked exactly.
	contents [2]int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

// skip moves past white space and comments.
func (p *parser) skip() {
	for p.pos < len(p.buf) {
		c := p.buf[p.pos]
		switch {
		case isSpace(c):
			p.pos++
		case c == '%':
			for p.pos < len(p.buf) && p.buf[p.pos] != '\n' && p.buf[p.pos] != '\r' {
				p.pos++
			}
		default:
			return
		}
	}
}

// word returns the run of regular characters at pos (after white space).
func (p *parser) word() []byte {
	p.skip()
	start := p.pos
	for p.pos < len(p.buf) && isRegular(p.buf[p.pos]) {
		p.pos++
	}
	return p.buf[start:p.pos]
}

// keyword consumes kw if it is the next token.
func (p *parser) keyword(kw string) bool {
	save := p.pos
	if string(p.word()) == kw {
		return true
	}
	p.pos = save
	return false
}

func (p *parser) errorf(format string, a ...any) error {
	return fmt.Errorf("%w at byte %d: %s", errSyntax, p.pos, fmt.Sprintf(format, a...))
}

// value parses one PDF value (not a stream: streams are handled by object).
func (p *parser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d", maxDepth)
	}
	p.skip()
	if p.pos >= len(p.buf) {
		return nil, p.errorf("unexpected end of data")
	}
	switch c := p.buf[p.pos]; {
	case c == '/':
		p.pos++
		return p.name(), nil
	case c == '(':
		return p.literal()
	case c == '<' && p.pos+1 < len(p.buf) && p.buf[p.pos+1] == '<':
		p.pos += 2
		return p.dict(depth)
	case c == '<':
		return p.hex()
	case c == '[':
		p.pos++
		return p.array(depth)
	}
	return p.atom()
}

// atom parses a number, a reference, true, false or null.
func (p *parser) atom() (any, error) {
	w := p.word()
	switch string(w) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	case "":
		return nil, p.errorf("unexpected %q", p.buf[p.pos])
	}
	n, err := strconv.ParseInt(string(w), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(w), 64)
		if ferr != nil {
			return nil, p.errorf("unexpected token %.20q", w)
		}
		return f, nil
	}
	save := p.pos
	// Most numbers are followed by a name or a delimiter: no word, so no
	// generation to parse (and no error allocated for it).
	if w := p.word(); len(w) > 0 {
		if g, err := strconv.Atoi(string(w)); err == nil && p.keyword("R") {
			if n < 0 || n > maxObjects || g < 0 || g > 65535 {
				return nil, p.errorf("reference %d %d R out of range", n, g)
			}
			return Ref{int(n), g}, nil
		}
	}
	p.pos = save
	return n, nil
}

func (p *parser) name() Name {
	start := p.pos
	for p.pos < len(p.buf) && isRegular(p.buf[p.pos]) {
		p.pos++
	}
	raw := p.buf[start:p.pos]
	if n, ok := commonNames[string(raw)]; ok {
		return n // no copy of the bytes
	}
	if bytes.IndexByte(raw, '#') < 0 {
		return Name(raw)
	}
	var out []byte
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return Name(out)
}

// commonNames are the names of the structures Sign and Verify read, each
// the name itself: a parsed name found here is not allocated again.
var commonNames = func() map[string]Name {
	m := map[string]Name{}
	for _, n := range []Name{"Type", "Subtype", "Catalog", "Pages", "Page", "Kids", "Count", "Parent",
		"MediaBox", "Resources", "Contents", "Annots", "AcroForm", "Fields", "SigFlags", "Names", "AF",
		"Metadata", "ExtGState", "XObject", "Font", "Image", "Form", "Width", "Height", "BitsPerComponent",
		"ColorSpace", "DeviceGray", "DeviceRGB", "Indexed", "Filter", "FlateDecode", "DecodeParms",
		"Length", "Length1", "SMask", "Size", "Root", "Info", "ID", "Prev", "XRef", "Index", "W",
		"Producer", "Title", "Subject", "CreationDate", "ModDate", "Annot", "Widget", "FT", "Sig", "T",
		"V", "F", "P", "Rect", "AP", "N", "BBox", "ByteRange", "Reason", "Location", "M", "Name",
		"SubFilter", "Adobe.PPKLite", "adbe.pkcs7.detached", "EmbeddedFiles", "EmbeddedFile",
		"Filespec", "UF", "EF", "Params", "CheckSum", "AFRelationship", "Data", "Desc", "DSS",
		"Type0", "CIDFontType2", "FontDescriptor", "BaseFont", "Encoding", "Identity-H",
		"DescendantFonts", "ToUnicode", "FontFile2", "FontName", "Flags", "FontBBox", "ca", "CA"} {
		m[string(n)] = n
	}
	return m
}()

func (p *parser) array(depth int) (Array, error) {
	var a Array
	for {
		p.skip()
		if p.pos < len(p.buf) && p.buf[p.pos] == ']' {
			p.pos++
			return a, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}

func (p *parser) dict(depth int) (Dict, error) {
	d := Dict{}
	for {
		p.skip()
		if p.pos+1 < len(p.buf) && p.buf[p.pos] == '>' && p.buf[p.pos+1] == '>' {
			p.pos += 2
			return d, nil
		}
		if p.pos >= len(p.buf) || p.buf[p.pos] != '/' {
			return nil, p.errorf("dictionary key is not a name")
		}
		p.pos++
		key := p.name()
		p.skip()
		start := p.pos
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if key == "Contents" && depth == 0 {
			p.contents = [2]int{start, p.pos}
		}
		if _, dup := d[key]; dup {
			return nil, p.errorf("duplicate key /%s in a dictionary (readers disagree on which one counts)", key)
		}
		d[key] = v
	}
}
