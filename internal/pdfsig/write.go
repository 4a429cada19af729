package pdfsig

import (
	"encoding/hex"
	"slices"
	"strconv"
)

// writer appends PDF syntax to a byte slice and remembers object offsets.
type writer struct {
	b    []byte
	offs map[int]int
	gens map[int]int // generation numbers other than 0; nil when there are none
}

func (w *writer) str(s string) *writer { w.b = append(w.b, s...); return w }

// fill appends n copies of c.
func (w *writer) fill(c byte, n int) *writer {
	if n <= 0 {
		return w
	}
	at := len(w.b)
	w.b = slices.Grow(w.b, n)[:at+n]
	w.b[at] = c
	for done := 1; done < n; done *= 2 {
		copy(w.b[at+done:], w.b[at:at+done])
	}
	return w
}

// padded appends n ≥ 0 in at least width digits, with leading zeros.
func (w *writer) padded(n, width int) *writer {
	var d [20]byte
	digits := strconv.AppendInt(d[:0], int64(n), 10)
	w.fill('0', max(0, width-len(digits)))
	w.b = append(w.b, digits...)
	return w
}

func (w *writer) int(n int) *writer { w.b = strconv.AppendInt(w.b, int64(n), 10); return w }

// begin starts indirect object num (generation gen).
func (w *writer) begin(num, gen int) *writer {
	w.offs[num] = len(w.b)
	if gen != 0 {
		if w.gens == nil {
			w.gens = map[int]int{}
		}
		w.gens[num] = gen
	}
	return w.int(num).str(" ").int(gen).str(" obj\n")
}

func (w *writer) end() *writer { return w.str("\nendobj\n") }

// object writes a whole indirect object holding v.
func (w *writer) object(num int, v any) {
	w.begin(num, 0).value(v).end()
}

// stream writes an unfiltered stream object with dictionary d.
func (w *writer) stream(r Ref, d Dict, data []byte) {
	d["Length"] = int64(len(data))
	w.begin(r.Num, r.Gen).value(d).str("\nstream\n")
	w.b = append(w.b, data...)
	w.str("\nendstream").end()
}

// raw is already-encoded PDF syntax, written as is.
type raw string

// value writes v in PDF syntax; dictionary keys are sorted so output is deterministic.
func (w *writer) value(v any) *writer {
	switch t := v.(type) {
	case nil:
		w.str("null")
	case bool:
		w.b = strconv.AppendBool(w.b, t)
	case int:
		w.int(t)
	case int64:
		w.b = strconv.AppendInt(w.b, t, 10)
	case float64:
		w.b = strconv.AppendFloat(w.b, t, 'f', -1, 64)
	case Name:
		w.name(t)
	case String:
		w.str("<")
		w.b = hex.AppendEncode(w.b, t)
		w.str(">")
	case raw:
		w.str(string(t))
	case Ref:
		w.int(t.Num).str(" ").int(t.Gen).str(" R")
	case Array:
		w.str("[")
		for i, x := range t {
			if i > 0 {
				w.str(" ")
			}
			w.value(x)
		}
		w.str("]")
	case Dict:
		w.dict(t)
	default:
		w.str("null")
	}
	return w
}

func (w *writer) dict(d Dict) {
	var room [16]Name
	keys := room[:0]
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.str("<<")
	for _, k := range keys {
		w.name(k).str(" ").value(d[k])
	}
	w.str(">>")
}

// name writes /n, escaping bytes that are not regular printable characters.
func (w *writer) name(n Name) *writer {
	w.str("/")
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c < '!' || c > '~' || c == '#' || isDelim(c) {
			w.b = append(w.b, '#', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			continue
		}
		w.b = append(w.b, c)
	}
	return w
}
