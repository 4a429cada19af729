package push_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"ezz/internal/push"
	"ezz/internal/push/pushtest"
)

func TestBuiltinProfilesLint(t *testing.T) {
	for _, name := range push.Builtin() {
		if _, err := push.LoadProfile(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestAcceptDataProfile pushes through an AcceptData interface behind OAuth2
// that rejects one item, calls another "already stored", accepts the rest.
func TestAcceptDataProfile(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 3, false)
	items, _ := env.Ledger.Pushable(context.Background(), 10)
	tokens := 0
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if id, secret, _ := r.BasicAuth(); id != "ezz-agency-client" || secret != "s3cret" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		tokens++
		json.NewEncoder(w).Encode(map[string]any{"access_token": "tok", "expires_in": 3600})
	})
	mux.HandleFunc("POST /api/license/accept", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		var body struct{ AcceptData []map[string]any }
		json.NewDecoder(r.Body).Decode(&body)
		if len(body.AcceptData) != 3 || body.AcceptData[0]["operateType"] != "01" || body.AcceptData[0]["certNo"] == "" {
			t.Errorf("AcceptData %v", body.AcceptData)
		}
		json.NewEncoder(w).Encode(map[string]any{"ReturnCode": 2, "ErrorData": []map[string]any{
			{"certIdentifier": items[0].Identifier, "ErrorMsg": "持证主体代码错误"},
			{"certIdentifier": items[1].Identifier, "ErrorMsg": "该证照已存在"}}})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	p, err := push.LoadProfile("example-accept-data")
	if err != nil {
		t.Fatal(err)
	}
	p.URL = srv.URL
	t.Setenv("EZZ_PUSH_CLIENT_SECRET", "s3cret")
	rep, err := push.PushWorkspace(context.Background(), push.Request{WS: env.WS, Ledger: env.Ledger, Key: env.Key, Profile: p,
		Actor: "t", Now: func() time.Time { return pushtest.Clock }, Retry: push.Retry{Base: time.Millisecond, Attempts: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pushed != 1 || rep.Duplicate != 1 || rep.Rejected != 1 || len(rep.StillRejected) != 1 || tokens != 1 {
		t.Fatalf("report %+v (tokens %d), want 1 accepted, 1 duplicate, 1 rejected", rep, tokens)
	}
}

func TestExchangeTableProfileEncrypts(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 2, false)
	key := "00112233445566778899aabbccddeeff"
	k, _ := hex.DecodeString(key)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(push.HeaderSignature) == "" {
			http.Error(w, "unsigned", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var env struct{ Encrypted, IV string }
		json.Unmarshal(body, &env)
		enc, _ := base64.StdEncoding.DecodeString(env.Encrypted)
		iv, _ := hex.DecodeString(env.IV)
		plain, err := push.SM4Decrypt(k, iv, enc)
		if err != nil {
			t.Errorf("decrypt: %v", err)
			return
		}
		var tbl struct {
			Table string
			Rows  []map[string]any
		}
		json.Unmarshal(plain, &tbl)
		var results []map[string]any
		for _, row := range tbl.Rows {
			if tbl.Table != "up_lic_data" || row["cd_operation"] != "i" {
				t.Errorf("row %v of %s", row, tbl.Table)
			}
			results = append(results, map[string]any{"certificate_identifier": row["certificate_identifier"], "code": "0"})
		}
		json.NewEncoder(w).Encode(map[string]any{"code": "0", "results": results})
	}))
	defer srv.Close()
	p, err := push.LoadProfile("example-exchange-table")
	if err != nil {
		t.Fatal(err)
	}
	p.URL = srv.URL
	t.Setenv("EZZ_PUSH_SM4_KEY", key)
	rep, err := push.PushWorkspace(context.Background(), push.Request{WS: env.WS, Ledger: env.Ledger, Key: env.Key, Profile: p,
		Actor: "t", Now: func() time.Time { return pushtest.Clock }, Retry: push.Retry{Base: time.Millisecond, Attempts: 2}})
	if err != nil || rep.Pushed != 2 {
		t.Fatalf("report %+v, %v; want 2 pushed", rep, err)
	}
}
