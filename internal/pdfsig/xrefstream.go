package pdfsig

import (
	"fmt"
	"math"
	"strconv"
)

// xrefStream reads a cross-reference stream object at off (PDF 1.5).
func (d *document) xrefStream(off int) (*section, error) {
	_, v, err := d.objectAt(off)
	if err != nil {
		return nil, err
	}
	s, ok := v.(*Stream)
	if !ok || s.Dict["Type"] != Name("XRef") {
		return nil, fmt.Errorf("no xref table or xref stream")
	}
	data, err := decode(s)
	if err != nil {
		return nil, err
	}
	w, ok := ints(s.Dict["W"])
	if !ok || len(w) != 3 || w[0] > 4 || w[1] > 8 || w[2] > 8 || w[0]+w[1]+w[2] == 0 {
		return nil, fmt.Errorf("bad /W in xref stream")
	}
	size, _ := s.Dict["Size"].(int64)
	index, ok := ints(s.Dict["Index"])
	if !ok || len(index)%2 != 0 {
		index = []int{0, int(size)}
	}
	sec := &section{pos: off, trailer: s.Dict, entries: map[int]xrefEntry{}, stream: true}
	row := w[0] + w[1] + w[2]
	at := 0
	for i := 0; i+1 < len(index); i += 2 {
		first, count := index[i], index[i+1]
		if first < 0 || count < 0 || first+count > maxObjects {
			return nil, fmt.Errorf("bad /Index in xref stream")
		}
		for n := first; n < first+count; n++ {
			if at+row > len(data) {
				return nil, fmt.Errorf("xref stream data is short")
			}
			f := data[at : at+row]
			at += row
			kind := 1
			if w[0] > 0 {
				kind = field(f[:w[0]])
			}
			e := xrefEntry{kind: byte(kind), off: field(f[w[0] : w[0]+w[1]]), idx: field(f[w[0]+w[1]:])}
			if kind == 1 {
				e.gen, e.idx = e.idx, 0
			}
			if kind <= 2 {
				sec.entries[n] = e
			}
		}
	}
	return sec, nil
}

// fieldMax bounds field's value before its next byte: 2⁴⁰, or less where an
// int is 32 bits, so that v<<8 never overflows.
const fieldMax = min(1<<40, math.MaxInt>>8)

// field reads a big-endian unsigned integer, clamped to int range.
func field(b []byte) int {
	v := 0
	for _, c := range b {
		if v > fieldMax {
			return -1
		}
		v = v<<8 | int(c)
	}
	return v
}

// ints converts an array of small integers.
func ints(v any) ([]int, bool) {
	a, ok := v.(Array)
	if !ok {
		return nil, false
	}
	out := make([]int, len(a))
	for i, x := range a {
		n, ok := x.(int64)
		if !ok || n < 0 || n > maxObjects {
			return nil, false
		}
		out[i] = int(n)
	}
	return out, true
}

// objStm is a decoded object stream: its data and the offsets of its objects.
type objStm struct {
	data []byte
	nums []int
	offs []int
}

// fromObjStm loads the object with number num at position idx of object stream stm.
func (d *document) fromObjStm(stm, idx, num int) (any, error) {
	os, err := d.loadObjStm(stm)
	if err != nil {
		return nil, fmt.Errorf("%w: object stream %d: %v", ErrDamaged, stm, err)
	}
	if idx < 0 || idx >= len(os.nums) || os.nums[idx] != num {
		return nil, fmt.Errorf("%w: object %d is not where the xref says in object stream %d", ErrDamaged, num, stm)
	}
	p := &parser{buf: os.data, pos: os.offs[idx]}
	return p.value(0)
}

func (d *document) loadObjStm(stm int) (*objStm, error) {
	if os, ok := d.objStms[stm]; ok {
		return os, nil
	}
	e, ok := d.xref[stm]
	if !ok || e.kind != 1 {
		return nil, fmt.Errorf("not found")
	}
	_, v, err := d.objectAt(e.off)
	if err != nil {
		return nil, err
	}
	s, ok := v.(*Stream)
	if !ok {
		return nil, fmt.Errorf("not a stream")
	}
	data, err := decode(s)
	if err != nil {
		return nil, err
	}
	n, _ := s.Dict["N"].(int64)
	first, _ := s.Dict["First"].(int64)
	if n < 0 || n > maxObjects || first < 0 || first > int64(len(data)) {
		return nil, fmt.Errorf("bad /N or /First")
	}
	os := &objStm{data: data}
	p := &parser{buf: data}
	for range n {
		num, err1 := strconv.Atoi(string(p.word()))
		off, err2 := strconv.Atoi(string(p.word()))
		if err1 != nil || err2 != nil || off < 0 || int(first)+off > len(data) {
			return nil, fmt.Errorf("bad header")
		}
		os.nums = append(os.nums, num)
		os.offs = append(os.offs, int(first)+off)
	}
	d.objStms[stm] = os
	return os, nil
}
