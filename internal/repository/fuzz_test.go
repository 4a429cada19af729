package repository

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"

	"ezz/internal/push"
)

// FuzzDecodeRows feeds bodies to the decoder of both example profiles (the
// accept-data one in clear, the exchange-table one under SM4). Seeds are
// bodies as ezz push makes them. Nothing may panic; a decoded row has an
// identifier and a digest.
func FuzzDecodeRows(f *testing.F) {
	accept, err := push.LoadProfile("example-accept-data")
	if err != nil {
		f.Fatal(err)
	}
	table, err := push.LoadProfile("example-exchange-table")
	if err != nil {
		f.Fatal(err)
	}
	key := []byte("0123456789abcdef")
	row := map[string]any{"certIdentifier": "1.2.156.3005.2.X.Y.Z.001.0", "operateType": "01", "certState": "01",
		"operateTime": "2026-06-01T02:00:00Z", "certFile": base64.StdEncoding.EncodeToString([]byte("%PDF-1.7"))}
	plain, _ := json.Marshal(map[string]any{"AcceptData": []any{row}})
	f.Add(plain, false)
	trow := map[string]any{"certificate_identifier": "1.2.156.3005.2.X.Y.Z.001.0", "cd_operation": "i", "cd_time": "2026-06-01T02:00:00Z", "cd_batch": "b"}
	tplain, _ := json.Marshal(map[string]any{"table": "up_lic_data", "batch": "b", "rows": []any{trow}})
	enc, iv, err := push.SM4EncryptForTest(key, tplain)
	if err != nil {
		f.Fatal(err)
	}
	env, _ := json.Marshal(map[string]string{"encrypted": base64.StdEncoding.EncodeToString(enc), "iv": fmt.Sprintf("%x", iv)})
	f.Add(env, true)
	f.Add([]byte(`{"encrypted":"","iv":""}`), true)
	f.Fuzz(func(t *testing.T, body []byte, encrypted bool) {
		p := accept
		if encrypted {
			p = table
		}
		rows, err := DecodeRows(p, key, body)
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Identifier == "" || len(r.Digest) != 64 {
				t.Fatalf("row %+v decoded without identifier or digest", r)
			}
		}
	})
}
