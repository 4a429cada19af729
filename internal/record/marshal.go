package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// Marshal returns the canonical encoding of any value encoding/json can
// encode: the same rules as a record's (compact, keys in byte order, NFC, only
// the escapes JSON requires, integers only). Everything ezz signs or digests
// as JSON — records, batch and push manifests, status lists, push items, the
// archive's index — is encoded with it, so one value gives one set of bytes.
// Invalid UTF-8 in a string is refused, never replaced.
func Marshal(v any) ([]byte, error) {
	if err := checkUTF8(reflect.ValueOf(v), "value"); err != nil {
		return nil, fmt.Errorf("canonical encoding: %w", err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return Canonicalize(raw)
}

// QuoteString returns s as a canonical JSON string, for writers that stream a
// canonical document field by field.
func QuoteString(s string) string {
	var buf bytes.Buffer
	writeString(&buf, s)
	return buf.String()
}
