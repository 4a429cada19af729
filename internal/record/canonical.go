package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/text/unicode/norm"
)

// maxDepth bounds the nesting of a canonical value (a record has depth 3).
const maxDepth = 8

// Canonical returns the canonical encoding of r, the bytes that are signed:
// compact JSON with object keys sorted by their UTF-8 bytes, strings in
// Unicode NFC with only the escapes JSON requires, integers only. The same
// record gives the same bytes on every machine (docs/record.md). It writes the
// fields directly; TestCanonicalMatchesGeneric and FuzzCanonicalMatchesGeneric
// keep it equal to Canonicalize of the record's JSON, so a field added to
// Record must be added here too.
func (r *Record) Canonical() ([]byte, error) {
	return r.canonical(0)
}

// canonical appends r's canonical encoding after head bytes of room (Seal
// writes the envelope's head there) and returns it with the room.
func (r *Record) canonical(head int) ([]byte, error) {
	w := canonWriter{b: make([]byte, head, head+r.sizeHint()+2)}
	m := &r.Meta
	w.raw(`{"catalogue_hash":`)
	w.str(r.CatalogueHash)
	w.raw(`,"format":`)
	w.str(r.Format)
	w.raw(`,"identifier":`)
	w.str(r.Identifier)
	w.raw(`,"issued_at":`)
	w.str(r.IssuedAt)
	w.raw(`,"items":`)
	if err := w.items(r.Items); err != nil {
		return nil, err
	}
	for _, f := range [...]struct{ key, val string }{
		{`,"metadata":{"CZZT":`, m.CZZT}, {`,"CZZTDM":`, m.CZZTDM}, {`,"CZZTDMLX":`, m.CZZTDMLX},
		{`,"CZZTDMLXDM":`, m.CZZTDMLXDM}, {`,"ZZBFJG":`, m.ZZBFJG}, {`,"ZZBFJGDM":`, m.ZZBFJGDM},
		{`,"ZZBFRQ":`, m.ZZBFRQ}, {`,"ZZBH":`, m.ZZBH}, {`,"ZZBS":`, m.ZZBS}, {`,"ZZLXDM":`, m.ZZLXDM},
		{`,"ZZMC":`, m.ZZMC}, {`,"ZZYXQJZRQ":`, m.ZZYXQJZRQ}, {`,"ZZYXQQSRQ":`, m.ZZYXQQSRQ},
		{`},"station":`, r.Station}, {`,"status":`, r.Status},
	} {
		w.raw(f.key)
		w.str(f.val)
	}
	w.raw(`,"version":`)
	w.b = append(appendInt(w.b, r.Version), '}')
	if w.bad {
		// Some string is not UTF-8 (which encoding/json would silently replace): name it.
		return nil, checkUTF8(reflect.ValueOf(r).Elem(), "record")
	}
	return w.b, nil
}

// canonWriter appends a record's canonical encoding and notes a string that
// is not valid UTF-8.
type canonWriter struct {
	b   []byte
	bad bool
}

func (w *canonWriter) raw(s string) { w.b = append(w.b, s...) }

func (w *canonWriter) str(s string) {
	var ok bool
	w.b, ok = appendString(w.b, s)
	w.bad = w.bad || !ok
}

// items writes the data items as an object with NFC keys in byte order.
func (w *canonWriter) items(items map[string]string) error {
	if o := lastOrder.Load(); o != nil && w.itemsIn(o, items) {
		return nil
	}
	type item struct{ k, v string }
	sorted := make([]item, 0, len(items))
	normalised := false
	for k, v := range items {
		if !nfcAlready(k) {
			w.bad = w.bad || !utf8.ValidString(k)
			k, normalised = norm.NFC.String(k), true
		}
		sorted = append(sorted, item{k, v})
	}
	slices.SortFunc(sorted, func(a, b item) int { return strings.Compare(a.k, b.k) })
	if !normalised {
		o := &keyOrder{keys: make([]string, len(sorted))}
		for i, it := range sorted {
			o.keys[i] = it.k
		}
		lastOrder.Store(o)
	}
	w.b = append(w.b, '{')
	for i, it := range sorted {
		if i > 0 {
			if it.k == sorted[i-1].k {
				return fmt.Errorf("items: duplicate key %q after NFC normalisation", it.k)
			}
			w.b = append(w.b, ',')
		}
		w.str(it.k)
		w.b = append(w.b, ':')
		w.str(it.v)
	}
	w.b = append(w.b, '}')
	return nil
}

// keyOrder is the sorted, distinct keys of some record's items, each its
// own NFC.
type keyOrder struct{ keys []string }

// lastOrder is the key order items last sorted: the records of a batch mostly
// have one set of item keys, and the next record with exactly those keys is
// written in that order without sorting.
var lastOrder atomic.Pointer[keyOrder]

// itemsIn writes items in the order o and reports true when o's keys are
// exactly items' keys (as many, each present); otherwise it writes nothing.
func (w *canonWriter) itemsIn(o *keyOrder, items map[string]string) bool {
	if len(o.keys) != len(items) {
		return false
	}
	mark := len(w.b)
	w.b = append(w.b, '{')
	for i, k := range o.keys {
		v, ok := items[k]
		if !ok {
			w.b = w.b[:mark]
			return false
		}
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.str(k)
		w.b = append(w.b, ':')
		w.str(v)
	}
	w.b = append(w.b, '}')
	return true
}

// sizeHint is about the length of r's canonical encoding: its strings and
// what the encoding adds around them.
func (r *Record) sizeHint() int {
	m := &r.Meta
	n := 400 + len(r.CatalogueHash) + len(r.Format) + len(r.Identifier) + len(r.IssuedAt) + len(r.Station) + len(r.Status) +
		len(m.CZZT) + len(m.CZZTDM) + len(m.CZZTDMLX) + len(m.CZZTDMLXDM) + len(m.ZZBFJG) + len(m.ZZBFJGDM) +
		len(m.ZZBFRQ) + len(m.ZZBH) + len(m.ZZBS) + len(m.ZZLXDM) + len(m.ZZMC) + len(m.ZZYXQJZRQ) + len(m.ZZYXQQSRQ)
	for k, v := range r.Items {
		n += len(k) + len(v) + 6
	}
	return n
}

// Digest returns the SM3 digest of r's canonical encoding.
func (r *Record) Digest() ([]byte, error) {
	c, err := r.Canonical()
	if err != nil {
		return nil, err
	}
	sum := sm3.Sum(c)
	return sum[:], nil
}

// Canonicalize re-encodes a JSON value canonically. It refuses invalid UTF-8,
// duplicate keys, non-integer numbers and nesting deeper than a record's.
func Canonicalize(raw []byte) ([]byte, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("canonical encoding: invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var buf bytes.Buffer
	if err := encodeValue(&buf, dec, 0); err != nil {
		return nil, fmt.Errorf("canonical encoding: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("canonical encoding: data after the JSON value")
	}
	return buf.Bytes(), nil
}

// encodeValue reads one JSON value token by token and writes it canonically.
func encodeValue(buf *bytes.Buffer, dec *json.Decoder, depth int) error {
	if depth > maxDepth {
		return errors.New("nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return encodeObject(buf, dec, depth)
		}
		if v == '[' {
			return encodeArray(buf, dec, depth)
		}
		return fmt.Errorf("unexpected %q", v)
	case string:
		writeString(buf, v)
	case json.Number:
		return writeInt(buf, v)
	case bool:
		buf.WriteString(strconv.FormatBool(v))
	case nil:
		buf.WriteString("null")
	}
	return nil
}

func encodeObject(buf *bytes.Buffer, dec *json.Decoder, depth int) error {
	members := map[string][]byte{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := norm.NFC.String(tok.(string))
		if _, dup := members[key]; dup {
			return fmt.Errorf("duplicate key %q", key)
		}
		var val bytes.Buffer
		if err := encodeValue(&val, dec, depth+1); err != nil {
			return fmt.Errorf("%q: %w", key, err)
		}
		members[key] = val.Bytes()
	}
	if _, err := dec.Token(); err != nil { // '}'
		return err
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(buf, k)
		buf.WriteByte(':')
		buf.Write(members[k])
	}
	buf.WriteByte('}')
	return nil
}

func encodeArray(buf *bytes.Buffer, dec *json.Decoder, depth int) error {
	buf.WriteByte('[')
	for i := 0; dec.More(); i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := encodeValue(buf, dec, depth+1); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	if _, err := dec.Token(); err != nil { // ']'
		return err
	}
	buf.WriteByte(']')
	return nil
}

// writeInt writes an integer in shortest decimal form; other numbers are refused.
func writeInt(buf *bytes.Buffer, n json.Number) error {
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		return fmt.Errorf("number %s: only integers are allowed", n)
	}
	buf.WriteString(strconv.FormatInt(i, 10))
	return nil
}

// checkUTF8 refuses a record with a string that is not valid UTF-8 (which
// encoding/json would silently replace), naming the field.
func checkUTF8(v reflect.Value, path string) error {
	if below, bad := invalidUTF8(v); bad {
		return fmt.Errorf("%s%s: invalid UTF-8", path, below)
	}
	return nil
}

// invalidUTF8 finds a string in v that is not valid UTF-8 and returns its
// path below v; the path is only built on the way back from one found.
func invalidUTF8(v reflect.Value) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return "", !utf8.ValidString(v.String())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if below, bad := invalidUTF8(v.Field(i)); bad {
				return "." + v.Type().Field(i).Name + below, true
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return invalidUTF8(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false // bytes encode as base64; a json.RawMessage is checked whole by Canonicalize
		}
		for i := 0; i < v.Len(); i++ {
			if below, bad := invalidUTF8(v.Index(i)); bad {
				return fmt.Sprintf("[%d]", i) + below, true
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			_, badKey := invalidUTF8(iter.Key())
			below, bad := invalidUTF8(iter.Value())
			if badKey || bad {
				if badKey {
					below = ""
				}
				return "[" + strconv.Quote(iter.Key().String()) + "]" + below, true
			}
		}
	}
	return "", false
}
