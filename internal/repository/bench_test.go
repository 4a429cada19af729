package repository

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"ezz/internal/push"
	"ezz/internal/push/pushtest"
)

// BenchmarkReceive measures the receiver's path for one batch of 50
// certificate versions with their signed PDFs, as ezz push sends it: the
// request signature and nonce, the batch decode, the manifest, each item's
// signed record and PDF (verify.File, in parallel over GOMAXPROCS), and the
// store's transaction. Each iteration stores into a fresh SQLite file. Run
// with -cpu 1,2 to see what the parallel check gives.
func BenchmarkReceive(b *testing.B) {
	const n = 50
	env := pushtest.New(b, b.TempDir(), "BR", n, true)
	pending, err := env.Ledger.Pushable(context.Background(), n)
	if err != nil || len(pending) != n {
		b.Fatalf("%d items pending (%v), want %d", len(pending), err, n)
	}
	items := make([]push.Item, n)
	for i, p := range pending {
		if items[i], err = push.ItemOf(p); err != nil {
			b.Fatal(err)
		}
	}
	batch, err := push.NewBatch(items, env.Key.Key, "BR", nil, pushtest.Clock)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(batch)
	trust, dir := env.Trust(b), b.TempDir()
	clock := func() time.Time { return pushtest.Clock }
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := OpenStore(filepath.Join(dir, fmt.Sprintf("repo%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		srv := New(st, Config{Trust: trust, Clock: clock, Rate: -1})
		req := httptest.NewRequest(http.MethodPost, push.PathItems, bytes.NewReader(body))
		push.SignRequest(req, body, env.Key.Key, pushtest.Clock)
		rec := httptest.NewRecorder()
		b.StartTimer()
		srv.ServeHTTP(rec, req)
		b.StopTimer()
		var a push.Answer
		if err := json.Unmarshal(rec.Body.Bytes(), &a); rec.Code != http.StatusOK || err != nil || len(a.Results) != n || a.Results[n-1].Result != push.Accepted {
			b.Fatalf("HTTP %d: %.300s", rec.Code, rec.Body.Bytes())
		}
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "items/s")
}
