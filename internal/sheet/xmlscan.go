package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// xmlScan is a small pull tokenizer over a stream of XML: start and end
// tags, text and CDATA, with comments and processing instructions skipped.
// It does not decode text (see appendText) nor check that tags nest; the
// reader above it checks what it relies on. The slices of a token point into
// its buffer and stay valid only until the next call to next.
type xmlScan struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	max      int // the longest token it will hold
	tok      xmlTok
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokText
	tokCDATA
	tokStart
	tokEnd
)

type xmlTok struct {
	kind  tokKind
	name  []byte // qualified name of a tag
	attrs []byte // raw attributes of a start tag
	self  bool   // a self-closing start tag
	data  []byte // raw text or CDATA content
}

var errTooLong = errors.New("an XML token is longer than the reader allows")

func newXMLScan(r io.Reader, bufSize, max int) *xmlScan {
	return &xmlScan{r: r, buf: make([]byte, bufSize), max: max}
}

// fill moves the unread bytes to the front and reads more, growing the
// buffer up to max; it returns false at the end of the input.
func (s *xmlScan) fill() (bool, error) {
	if s.eof {
		return false, nil
	}
	if s.pos > 0 {
		s.end = copy(s.buf, s.buf[s.pos:s.end])
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.max {
			return false, errTooLong
		}
		nb := make([]byte, min(2*len(s.buf), s.max))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for range 100 {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return n > 0, nil
		}
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, io.ErrNoProgress
}

// find returns the offset from s.pos of the first sep at or after from,
// reading more as needed; -1 at the end of the input.
func (s *xmlScan) find(from int, sep []byte) (int, error) {
	for {
		if i := bytes.Index(s.buf[s.pos+from:s.end], sep); i >= 0 {
			return from + i, nil
		}
		from = max(from, s.end-s.pos-len(sep)+1)
		more, err := s.fill()
		if err != nil {
			return -1, err
		}
		if !more {
			return -1, nil
		}
	}
}

// next reads the next token into s.tok.
func (s *xmlScan) next() (*xmlTok, error) {
	t := &s.tok
	*t = xmlTok{}
	if s.pos >= s.end {
		more, err := s.fill()
		if err != nil {
			return nil, err
		}
		if !more {
			return t, nil // tokEOF
		}
	}
	if s.buf[s.pos] != '<' {
		i, err := s.find(0, []byte{'<'})
		if err != nil {
			return nil, err
		}
		if i < 0 {
			i = s.end - s.pos
		}
		t.kind, t.data = tokText, s.buf[s.pos:s.pos+i]
		s.pos += i
		return t, nil
	}
	if s.end-s.pos < 9 {
		if _, err := s.fill(); err != nil {
			return nil, err
		}
	}
	rest := s.buf[s.pos:s.end]
	switch {
	case bytes.HasPrefix(rest, []byte("<?")):
		return s.skipTo(2, "?>")
	case bytes.HasPrefix(rest, []byte("<!--")):
		return s.skipTo(4, "-->")
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		i, err := s.find(9, []byte("]]>"))
		if err != nil || i < 0 {
			return nil, orEOF(err, "CDATA section")
		}
		t.kind, t.data = tokCDATA, s.buf[s.pos+9:s.pos+i]
		s.pos += i + 3
		return t, nil
	case len(rest) > 1 && rest[1] == '!':
		return nil, errors.New("unsupported XML declaration <! (DOCTYPE or similar)")
	}
	return s.tag()
}

func (s *xmlScan) skipTo(from int, end string) (*xmlTok, error) {
	i, err := s.find(from, []byte(end))
	if err != nil || i < 0 {
		return nil, orEOF(err, "comment or processing instruction")
	}
	s.pos += i + len(end)
	return s.next()
}

// tag reads a start or end tag at s.pos; '>' inside quoted attribute values
// does not end it.
func (s *xmlScan) tag() (*xmlTok, error) {
	var quote byte
	for i := 1; ; i++ {
		if s.pos+i >= s.end {
			more, err := s.fill()
			if err != nil {
				return nil, err
			}
			if !more {
				return nil, orEOF(nil, "tag")
			}
			i--
			continue
		}
		c := s.buf[s.pos+i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return &s.tok, s.splitTag(s.buf[s.pos+1:s.pos+i], i+1)
		}
	}
}

// splitTag fills s.tok from the bytes between < and >.
func (s *xmlScan) splitTag(in []byte, n int) error {
	t := &s.tok
	s.pos += n
	if len(in) > 0 && in[0] == '/' {
		t.kind, t.name = tokEnd, trimSpace(in[1:])
		if !validName(t.name) {
			return fmt.Errorf("malformed end tag </%s>", clip(in[1:]))
		}
		return nil
	}
	t.kind = tokStart
	if len(in) > 0 && in[len(in)-1] == '/' {
		t.self, in = true, in[:len(in)-1]
	}
	i := 0
	for i < len(in) && !isSpace(in[i]) {
		i++
	}
	t.name, t.attrs = in[:i], in[i:]
	if !validName(t.name) {
		return fmt.Errorf("malformed tag <%s>", clip(in))
	}
	return nil
}

func orEOF(err error, what string) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("unexpected end of XML inside a %s", what)
}

// trimSpace trims XML white space (bytes.TrimSpace also trims Unicode spaces).
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// validName accepts a qualified name with at most one colon, not at either end.
func validName(n []byte) bool {
	if len(n) == 0 || n[0] == ':' || n[len(n)-1] == ':' {
		return false
	}
	colons := 0
	for _, c := range n {
		if c <= ' ' || nameStop[c] {
			return false
		}
		if c == ':' {
			colons++
		}
	}
	return colons <= 1
}

var nameStop = [256]bool{'<': true, '>': true, '/': true, '=': true, '"': true, '\'': true, '&': true}

// local is a qualified name without its prefix: x:c → c.
func local(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// nextAttr splits the first attribute off raw attributes: its local name,
// its raw value (undecoded), the rest; ok is false when none is left.
func nextAttr(a []byte) (name, val, rest []byte, ok bool, err error) {
	for len(a) > 0 && isSpace(a[0]) {
		a = a[1:]
	}
	if len(a) == 0 {
		return nil, nil, nil, false, nil
	}
	if name, val, rest, ok := shortAttr(a); ok {
		return name, val, rest, true, nil
	}
	return anyAttr(a)
}

// anyAttr is nextAttr for an attribute of any shape, a not empty and
// starting with its name.
func anyAttr(a []byte) (name, val, rest []byte, ok bool, err error) {
	eq := bytes.IndexByte(a, '=')
	if eq <= 0 {
		return nil, nil, nil, false, fmt.Errorf("malformed attributes %q", clip(a))
	}
	name = trimSpace(a[:eq])
	a = trimSpace(a[eq+1:])
	if !validName(name) || len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
		return nil, nil, nil, false, fmt.Errorf("malformed attributes %q", clip(a))
	}
	end := bytes.IndexByte(a[1:], a[0])
	if end < 0 {
		return nil, nil, nil, false, fmt.Errorf("unterminated attribute value %q", clip(a))
	}
	val, rest = a[1:1+end], a[2+end:]
	if len(rest) > 0 && !isSpace(rest[0]) {
		return nil, nil, nil, false, fmt.Errorf("malformed attributes %q", clip(rest))
	}
	return local(name), val, rest, true, nil
}

// shortAttr splits off the shape of nearly every attribute of a cell, a
// one-letter name then ="value" (r="B7", t="s", s="3"), as nextAttr would;
// false for any other shape, which nextAttr then reads itself.
func shortAttr(a []byte) (name, val, rest []byte, ok bool) {
	if len(a) < 4 || a[1] != '=' || a[2] != '"' || !('a' <= a[0] && a[0] <= 'z' || 'A' <= a[0] && a[0] <= 'Z') {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(a[3:], '"')
	if end < 0 {
		return nil, nil, nil, false
	}
	rest = a[4+end:]
	if len(rest) > 0 && !isSpace(rest[0]) {
		return nil, nil, nil, false
	}
	for len(rest) > 0 && isSpace(rest[len(rest)-1]) { // as anyAttr's trimSpace
		rest = rest[:len(rest)-1]
	}
	return a[:1], a[3 : 3+end], rest, true
}

// clip shortens bytes quoted in an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
