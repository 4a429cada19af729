package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
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
// fields directly; TestCanonicalMatchesGeneric keeps it equal to Canonicalize
// of the record's JSON, so a field added to Record must be added here too.
func (r *Record) Canonical() ([]byte, error) {
	if err := checkUTF8(reflect.ValueOf(r).Elem(), "record"); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(1024)
	m := &r.Meta
	buf.WriteString(`{"catalogue_hash":`)
	writeString(&buf, r.CatalogueHash)
	for _, f := range []struct{ key, val string }{
		{`,"format":`, r.Format}, {`,"identifier":`, r.Identifier}, {`,"issued_at":`, r.IssuedAt},
	} {
		buf.WriteString(f.key)
		writeString(&buf, f.val)
	}
	buf.WriteString(`,"items":`)
	if err := writeItems(&buf, r.Items); err != nil {
		return nil, err
	}
	sep := `,"metadata":{`
	for _, f := range []struct{ key, val string }{
		{"CZZT", m.CZZT}, {"CZZTDM", m.CZZTDM}, {"CZZTDMLX", m.CZZTDMLX}, {"CZZTDMLXDM", m.CZZTDMLXDM},
		{"ZZBFJG", m.ZZBFJG}, {"ZZBFJGDM", m.ZZBFJGDM}, {"ZZBFRQ", m.ZZBFRQ}, {"ZZBH", m.ZZBH},
		{"ZZBS", m.ZZBS}, {"ZZLXDM", m.ZZLXDM}, {"ZZMC", m.ZZMC}, {"ZZYXQJZRQ", m.ZZYXQJZRQ},
		{"ZZYXQQSRQ", m.ZZYXQQSRQ},
	} {
		buf.WriteString(sep)
		writeString(&buf, f.key)
		buf.WriteByte(':')
		writeString(&buf, f.val)
		sep = ","
	}
	buf.WriteString(`},"station":`)
	writeString(&buf, r.Station)
	buf.WriteString(`,"status":`)
	writeString(&buf, r.Status)
	buf.WriteString(`,"version":`)
	buf.WriteString(strconv.Itoa(r.Version))
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// writeItems writes the data items as an object with NFC keys in byte order.
func writeItems(buf *bytes.Buffer, items map[string]string) error {
	keys := make([]string, 0, len(items))
	vals := make(map[string]string, len(items))
	for k, v := range items {
		n := norm.NFC.String(k)
		if _, dup := vals[n]; dup {
			return fmt.Errorf("items: duplicate key %q after NFC normalisation", n)
		}
		vals[n] = v
		keys = append(keys, n)
	}
	sort.Strings(keys)
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(buf, k)
		buf.WriteByte(':')
		writeString(buf, vals[k])
	}
	buf.WriteByte('}')
	return nil
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

// writeString writes s in NFC as a JSON string, escaping only '"', '\\' and
// control characters (as \b \f \n \r \t or \u00xx).
func writeString(buf *bytes.Buffer, s string) {
	s = norm.NFC.String(s)
	buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case c >= 0x20:
			buf.WriteByte(c)
		case c == '\b':
			buf.WriteString(`\b`)
		case c == '\f':
			buf.WriteString(`\f`)
		case c == '\n':
			buf.WriteString(`\n`)
		case c == '\r':
			buf.WriteString(`\r`)
		case c == '\t':
			buf.WriteString(`\t`)
		default:
			fmt.Fprintf(buf, `\u%04x`, c)
		}
	}
	buf.WriteByte('"')
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
