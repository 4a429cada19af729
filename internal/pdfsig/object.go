package pdfsig

import (
	"bytes"
	"fmt"
	"strconv"
)

const maxResolves = 1 << 16

// objectAt parses the indirect object "num gen obj … endobj" at off.
// It returns the object's number and its value (a *Stream for streams).
func (d *document) objectAt(off int) (int, any, error) {
	o, err := d.indirect(off)
	return o.num, o.v, err
}

// indirect is an indirect object as found in the file.
type indirect struct {
	num, gen int
	v        any
	end      int // offset just past the value (or past "endstream")
}

// indirect parses the indirect object at off, up to the end of its value or stream.
func (d *document) indirect(off int) (indirect, error) {
	p := &parser{buf: d.buf, pos: off}
	num, err1 := strconv.Atoi(string(p.word()))
	gen, err2 := strconv.Atoi(string(p.word()))
	if err1 != nil || err2 != nil || !p.keyword("obj") {
		return indirect{}, p.errorf("no object header")
	}
	v, err := p.value(0)
	if err != nil {
		return indirect{}, err
	}
	o := indirect{num: num, gen: gen, v: v, end: p.pos}
	dict, ok := v.(Dict)
	if !ok || !p.keyword("stream") {
		return o, nil
	}
	raw, end, err := d.streamData(p, dict)
	if err != nil {
		return indirect{}, err
	}
	o.v, o.end = &Stream{Dict: dict, Raw: raw}, end
	return o, nil
}

// streamData reads the data after the "stream" keyword. end is the offset
// past "endstream" when /Length is right, else -1.
func (d *document) streamData(p *parser, dict Dict) ([]byte, int, error) {
	if p.pos < len(p.buf) && p.buf[p.pos] == '\r' {
		p.pos++
	}
	if p.pos < len(p.buf) && p.buf[p.pos] == '\n' {
		p.pos++
	}
	start := p.pos
	n := -1
	switch l := dict["Length"].(type) {
	case int64:
		n = int(min(l, int64(len(p.buf))))
	case Ref:
		if v, err := d.resolve(l); err == nil {
			if i, ok := v.(int64); ok {
				n = int(min(i, int64(len(p.buf))))
			}
		}
	}
	if n >= 0 && start+n <= len(p.buf) {
		q := &parser{buf: p.buf, pos: start + n}
		if q.keyword("endstream") {
			return p.buf[start : start+n], q.pos, nil
		}
	}
	end := bytes.Index(p.buf[start:], []byte("endstream"))
	if end < 0 {
		return nil, -1, p.errorf("stream without endstream")
	}
	return bytes.TrimRight(p.buf[start:start+end], "\r\n"), -1, nil
}

// resolve follows references until it reaches a direct value.
func (d *document) resolve(v any) (any, error) {
	for i := 0; i < 8; i++ {
		r, ok := v.(Ref)
		if !ok {
			return v, nil
		}
		var err error
		if v, err = d.object(r.Num); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w: reference chain too long", ErrDamaged)
}

// object loads object num from the newest revision.
func (d *document) object(num int) (any, error) {
	if v, ok := d.objects[num]; ok {
		return v, nil
	}
	if d.resolves++; d.resolves > maxResolves {
		return nil, fmt.Errorf("%w: too many objects", ErrDamaged)
	}
	d.objects[num] = nil // a reference loop resolves to null
	v, err := d.load(num, d.xref)
	if err != nil {
		return nil, err
	}
	d.objects[num] = v
	return v, nil
}

// load reads object num through the cross-reference map x.
func (d *document) load(num int, x map[int]xrefEntry) (any, error) {
	e, ok := x[num]
	switch {
	case !ok || e.kind == 0:
		return nil, nil
	case e.kind == 2:
		return d.fromObjStm(e.off, e.idx, num)
	}
	if e.off < 0 || e.off >= len(d.buf) {
		return nil, fmt.Errorf("%w: object %d at byte %d is outside the file", ErrDamaged, num, e.off)
	}
	o, err := d.indirect(e.off)
	if err != nil {
		return nil, fmt.Errorf("%w: object %d: %v", ErrDamaged, num, err)
	}
	if o.num != num || o.gen != e.gen {
		return nil, fmt.Errorf("%w: cross-reference for object %d %d points at object %d %d", ErrDamaged, num, e.gen, o.num, o.gen)
	}
	return o.v, nil
}

// dict resolves v and returns it as a dictionary (nil if it is not one).
func (d *document) dict(v any) Dict {
	v, err := d.resolve(v)
	if err != nil {
		return nil
	}
	switch t := v.(type) {
	case Dict:
		return t
	case *Stream:
		return t.Dict
	}
	return nil
}

// decode returns the decoded data of a stream (Flate with optional PNG predictor, or none).
func decode(s *Stream) ([]byte, error) { return decodeMax(s, maxDecoded) }

// decodeMax is decode refusing more than limit bytes of output.
func decodeMax(s *Stream, limit int) ([]byte, error) {
	data := s.Raw
	filters := s.Dict["Filter"]
	if a, ok := filters.(Array); ok && len(a) == 1 {
		filters = a[0]
	}
	switch filters {
	case nil:
		return data, nil
	case Name("FlateDecode"):
	default:
		return nil, fmt.Errorf("unsupported stream filter %v", filters)
	}
	out, err := inflate(data, limit)
	if err != nil && len(out) == 0 {
		return nil, err
	}
	if len(out) > limit {
		return nil, fmt.Errorf("stream decodes to more than %d bytes", limit)
	}
	parms, _ := s.Dict["DecodeParms"].(Dict)
	if pred, _ := parms["Predictor"].(int64); pred >= 10 {
		cols, _ := parms["Columns"].(int64)
		return unpredict(out, int(cols))
	}
	return out, nil
}

// unpredict reverses the PNG "Up"/"None"/"Sub" predictors used by xref streams.
func unpredict(data []byte, cols int) ([]byte, error) {
	if cols <= 0 || cols > 1<<16 {
		return nil, fmt.Errorf("bad predictor columns %d", cols)
	}
	row := cols + 1
	out := make([]byte, 0, len(data)/row*cols)
	prev := make([]byte, cols)
	for i := 0; i+row <= len(data); i += row {
		cur := data[i+1 : i+row]
		for j := range cur {
			switch data[i] {
			case 0:
			case 1:
				if j > 0 {
					cur[j] += cur[j-1]
				}
			case 2:
				cur[j] += prev[j]
			default:
				return nil, fmt.Errorf("unsupported PNG predictor %d", data[i])
			}
		}
		out = append(out, cur...)
		copy(prev, cur)
	}
	return out, nil
}
