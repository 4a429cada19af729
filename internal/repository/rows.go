package repository

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"ezz/internal/push"
	"ezz/internal/record"
)

// maxRows bounds the rows of one request (a profile's batch_size is at most 1000).
const maxRows = 1000

// Row is one record of a province interface's batch, under the profile's
// field names, with the parts the receiver reads picked out.
type Row struct {
	Identifier string // the ZZBS field
	Operation  string
	State      string
	At         string // the time field, as sent
	PDF        []byte // the pdf field, decoded (nil when absent)
	Digest     string // SM3 of the row without its batch field: what idempotency compares
	Fields     map[string]json.RawMessage
}

// DecodeRows reads the body of a profile's push: the SM4 envelope when the
// profile encrypts, then the accept-data or exchange-table envelope, then
// each row. It checks shapes and sizes only; what rows say is checked later.
func DecodeRows(p *push.Profile, sm4Key, body []byte) ([]Row, error) {
	plain, err := decrypt(p, sm4Key, body)
	if err != nil {
		return nil, err
	}
	raw, err := envelope(p, plain)
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 || len(raw) > maxRows {
		return nil, fmt.Errorf("a batch holds 1 to %d rows, this one %d", maxRows, len(raw))
	}
	rows := make([]Row, len(raw))
	for i, fields := range raw {
		if err := rows[i].read(p, fields); err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
	}
	return rows, nil
}

func decrypt(p *push.Profile, key, body []byte) ([]byte, error) {
	if p.Encryption != push.EncryptSM4 {
		return body, nil
	}
	var env struct {
		Encrypted string `json:"encrypted"`
		IV        string `json:"iv"`
	}
	if err := record.DecodeStrict(body, &env); err != nil {
		return nil, fmt.Errorf("not an SM4 envelope {encrypted, iv}: %w", err)
	}
	enc, err := base64.StdEncoding.Strict().DecodeString(env.Encrypted)
	if err != nil {
		return nil, errors.New("encrypted is not base64")
	}
	iv, err := hex.DecodeString(env.IV)
	if err != nil {
		return nil, errors.New("iv is not hex")
	}
	plain, err := push.SM4Decrypt(key, iv, enc)
	if err != nil {
		return nil, fmt.Errorf("cannot decrypt (wrong key?): %w", err)
	}
	return plain, nil
}

func envelope(p *push.Profile, plain []byte) ([]map[string]json.RawMessage, error) {
	if p.Protocol == push.ProtocolAcceptData {
		var env struct {
			AcceptData []map[string]json.RawMessage `json:"AcceptData"`
		}
		if err := record.DecodeStrict(plain, &env); err != nil {
			return nil, fmt.Errorf(`not an {"AcceptData": [...]} batch: %w`, err)
		}
		return env.AcceptData, nil
	}
	var env struct {
		Table string                       `json:"table"`
		Batch string                       `json:"batch"`
		Rows  []map[string]json.RawMessage `json:"rows"`
	}
	if err := record.DecodeStrict(plain, &env); err != nil {
		return nil, fmt.Errorf("not a {table, batch, rows} batch: %w", err)
	}
	if env.Table != p.Table {
		return nil, fmt.Errorf("table %q is not %q", env.Table, p.Table)
	}
	return env.Rows, nil
}

func (r *Row) read(p *push.Profile, fields map[string]json.RawMessage) error {
	if fields == nil {
		return errors.New("not an object")
	}
	r.Fields = fields
	r.Identifier = scalar(fields[p.Fields["ZZBS"]])
	r.Operation = scalar(fields[p.Fields["operation"]])
	r.State = scalar(fields[p.Fields["state"]])
	r.At = scalar(fields[p.Fields["time"]])
	if r.Identifier == "" || len(r.Identifier) > 200 {
		return fmt.Errorf("no identifier (%s)", p.Fields["ZZBS"])
	}
	if f := p.Fields["pdf"]; f != "" && fields[f] != nil {
		var s string
		if json.Unmarshal(fields[f], &s) != nil || base64.StdEncoding.DecodedLen(len(s)) > push.MaxPDF {
			return fmt.Errorf("%s is not a base64 PDF of at most %d bytes", f, push.MaxPDF)
		}
		pdf, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil {
			return fmt.Errorf("%s is not base64", f)
		}
		r.PDF = pdf
	}
	kept := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		if k != p.Fields["batch"] {
			kept[k] = v
		}
	}
	canon, _ := json.Marshal(kept) // keys sorted; values compacted as decoded
	r.Digest = push.BodySM3(canon)
	return nil
}

// scalar is a JSON string or number as text ("" for anything else).
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
