package record

import (
	"bytes"
	"encoding/json"
	"errors"
)

// DecodeStrict decodes one JSON value of data into v, refusing fields v does
// not have and anything after the value: what every signed document ezz reads
// (receipts, status lists, profile rows) must be.
func DecodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON object")
	}
	return nil
}
