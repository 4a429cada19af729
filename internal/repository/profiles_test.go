package repository

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"ezz/internal/push"
	"ezz/internal/sign"
)

func TestDecodeRowsRefuses(t *testing.T) {
	accept, _ := push.LoadProfile("example-accept-data")
	table, _ := push.LoadProfile("example-exchange-table")
	key := []byte("0123456789abcdef")
	many := `{"AcceptData":[` + strings.Repeat(`{"certIdentifier":"x"},`, maxRows) + `{"certIdentifier":"x"}]}`
	tests := []struct {
		name    string
		p       *push.Profile
		body    string
		wantErr string
	}{
		{"not JSON", accept, `{"AcceptData":`, "not an {\"AcceptData\""},
		{"unknown envelope field", accept, `{"AcceptData":[{"certIdentifier":"x"}],"More":1}`, "unknown field"},
		{"trailing data", accept, `{"AcceptData":[{"certIdentifier":"x"}]} {}`, "data after"},
		{"no rows", accept, `{"AcceptData":[]}`, "1 to 1000 rows"},
		{"too many rows", accept, many, "1 to 1000 rows"},
		{"a row that is not an object", accept, `{"AcceptData":[null]}`, "row 1: not an object"},
		{"no identifier", accept, `{"AcceptData":[{"certNo":"1"}]}`, "row 1: no identifier"},
		{"PDF not base64", accept, `{"AcceptData":[{"certIdentifier":"x","certFile":"%%%"}]}`, "certFile is not base64"},
		{"PDF not a string", accept, `{"AcceptData":[{"certIdentifier":"x","certFile":7}]}`, "certFile is not a base64 PDF"},
		{"not encrypted", table, `{"table":"up_lic_data","batch":"b","rows":[]}`, "not an SM4 envelope"},
		{"bad ciphertext", table, `{"encrypted":"AAAA","iv":"00"}`, "cannot decrypt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeRows(tt.p, key, []byte(tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestAcceptDataReceiver drives the accept-data receiver by hand: tokens,
// a row stored, the same row again (已存在), other content under the same
// key (conflict), and a row that does not parse, each answered per row.
func TestAcceptDataReceiver(t *testing.T) {
	st, err := OpenStore(filepath.Join(t.TempDir(), "repo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := New(st, Config{Trust: sign.NewTrust(), Rate: -1})
	p, _ := push.LoadProfile("example-accept-data")
	if err := srv.Speak(p, ProfileSecrets{ClientSecret: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Speak(p, ProfileSecrets{ClientSecret: "s3cret"}); err == nil || !strings.Contains(err.Error(), "/api/license/accept") {
		t.Fatalf("speaking a profile twice: %v, want a clash of paths", err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	token := func(secret string) (int, string) {
		req, _ := http.NewRequest("POST", hs.URL+"/oauth/token", strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("ezz-agency-client", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		json.NewDecoder(resp.Body).Decode(&tok)
		return resp.StatusCode, tok.AccessToken
	}
	if code, _ := token("guess"); code != http.StatusUnauthorized {
		t.Fatalf("a wrong secret: HTTP %d, want 401", code)
	}
	_, tok := token("s3cret")
	send := func(tok string, rows ...map[string]string) (int, map[string]any) {
		body, _ := json.Marshal(map[string]any{"AcceptData": rows})
		req, _ := http.NewRequest("POST", hs.URL+"/api/license/accept", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a map[string]any
		json.NewDecoder(resp.Body).Decode(&a)
		return resp.StatusCode, a
	}
	id := "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"
	row := map[string]string{"certIdentifier": id, "operateType": "01", "certState": "01", "operateTime": "2026-06-01T02:00:00Z", "certName": "食品经营许可证"}
	if code, _ := send("forged", row); code != http.StatusUnauthorized {
		t.Fatalf("a forged token: HTTP %d, want 401", code)
	}
	if code, a := send(tok, row); code != 200 || a["ReturnCode"] != "1" {
		t.Fatalf("first push: HTTP %d %v, want ReturnCode 1", code, a)
	}
	other := map[string]string{}
	for k, v := range row {
		other[k] = v
	}
	other["certName"] = "另一个名称"
	bad := map[string]string{"certIdentifier": "1.2.3", "operateType": "01", "operateTime": "2026-06-01T02:00:00Z"}
	code, a := send(tok, row, other, bad)
	got, _ := json.Marshal(a["ErrorData"])
	if code != 200 || a["ReturnCode"] != "2" || !strings.Contains(string(got), "已存在") || !strings.Contains(string(got), "conflict") ||
		!strings.Contains(string(got), "identifier:") {
		t.Fatalf("second push: HTTP %d %v, want ReturnCode 2 naming 已存在, a conflict and a bad identifier", code, a)
	}
	var n int
	st.db.QueryRow("SELECT count(*) FROM profile_rows").Scan(&n)
	if n != 1 {
		t.Fatalf("%d rows stored, want 1", n)
	}
}
