package repository

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/push"
	"ezz/internal/push/pushtest"
	"ezz/internal/sign"
)

// faulty answers the first requests badly, one fault each in turn: 500s, 429s
// with Retry-After, an answer slower than the client waits, and a connection
// reset after the batch was stored. Then it passes requests through.
func faulty(faults []string, slow time.Duration) func(http.Handler) http.Handler {
	var n atomic.Int64
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			i := int(n.Add(1)) - 1
			if i >= len(faults) {
				h.ServeHTTP(w, r)
				return
			}
			switch faults[i] {
			case "500":
				http.Error(w, `{"code":"internal","reason":"planned fault"}`, 500)
			case "429":
				w.Header().Set("Retry-After", "1")
				http.Error(w, `{"code":"rate-limited","reason":"planned fault"}`, http.StatusTooManyRequests)
			case "slow":
				time.Sleep(slow)
				h.ServeHTTP(w, r)
			case "reset":
				h.ServeHTTP(httptest.NewRecorder(), r) // stored, but the answer never arrives
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					conn.Close()
				}
			}
		})
	}
}

func TestPushSurvivesReceiverFaults(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 10, true)
	faults := []string{"500", "500", "429", "slow", "reset", "500", "reset", "429"}
	r := newRepo(t, env, Config{}, faulty(faults, 700*time.Millisecond))
	sum, err := r.push(t, env, r.client(env, 300*time.Millisecond), 3)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pushed+sum.Duplicate != env.Issued || sum.Rejected != 0 {
		t.Fatalf("summary %+v, want %d pushed or duplicate", sum, env.Issued)
	}
	if sum.Duplicate == 0 {
		t.Fatalf("no duplicates: the reset and slow answers did not happen after storing (%+v)", sum)
	}
	allPushed(t, env)
	if items, distinct := r.count(t); items != env.Issued || distinct != env.Issued {
		t.Fatalf("repository holds %d items (%d distinct), want %d exactly once", items, distinct, env.Issued)
	}
}

func TestPushGivesUpWithoutMarking(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 2, false)
	faults := make([]string, 50)
	for i := range faults {
		faults[i] = "500"
	}
	r := newRepo(t, env, Config{}, faulty(faults, 0))
	c := r.client(env, time.Second)
	c.Retry.Attempts = 3
	if _, err := r.push(t, env, c, 10); err == nil {
		t.Fatal("push succeeded against a receiver that only fails")
	}
	if n := pending(t, env.Ledger); n != env.Issued {
		t.Fatalf("%d entries still pending, want all %d", n, env.Issued)
	}
}

// childEnv names the environment of TestPusherProcess.
const childEnv = "EZZ_PUSHTEST_CHILD"

// TestPusherProcess is the pushing process of TestKillMidBatch: it runs only
// as that test's child.
func TestPusherProcess(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("runs as the child of TestKillMidBatch")
	}
	l, err := ledger.Open(os.Getenv("EZZ_PUSHTEST_LEDGER"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	key, err := sign.LoadIssuer(os.Getenv("EZZ_PUSHTEST_KEYS"), []byte(pushtest.Pass), pushtest.Clock)
	if err != nil {
		t.Fatal(err)
	}
	c := &push.Client{BaseURL: os.Getenv("EZZ_PUSHTEST_URL"), HTTP: &http.Client{Timeout: 20 * time.Second}, Key: key.Key,
		Retry: push.Retry{Base: 10 * time.Millisecond, Max: 50 * time.Millisecond, Attempts: 5}, Clock: func() time.Time { return pushtest.Clock }}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := push.Run(ctx, l, &push.EzzTransport{Client: c, Station: "TA"}, push.Options{BatchSize: 4, Actor: "child", Station: "TA",
		Clock: func() time.Time { return pushtest.Clock }}); err != nil {
		t.Fatal(err)
	}
}

func TestKillMidBatch(t *testing.T) {
	env := pushtest.New(t, t.TempDir(), "TA", 14, true)
	var once sync.Once
	stored := make(chan struct{})
	var requests atomic.Int64
	hold := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1) == 3 {
				h.ServeHTTP(httptest.NewRecorder(), r) // the third batch is stored…
				once.Do(func() { close(stored) })
				<-r.Context().Done() // …and its answer never leaves: the pusher dies waiting
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	r := newRepo(t, env, Config{}, hold)
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPusherProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"=1", "EZZ_PUSHTEST_LEDGER="+env.Ledger.Path(),
			"EZZ_PUSHTEST_KEYS="+env.WS.KeysDir(), "EZZ_PUSHTEST_URL="+r.http.URL)
		return cmd
	}
	first := child()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stored:
	case <-time.After(time.Minute):
		first.Process.Kill()
		t.Fatal("the pusher never sent its third batch")
	}
	first.Process.Kill()
	if err := first.Wait(); err == nil {
		t.Fatal("the first pusher was not killed")
	}
	if n := pending(t, env.Ledger); n != env.Issued-8 {
		t.Fatalf("%d pending after the kill, want %d (two batches of 4 marked)", n, env.Issued-8)
	}
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("the restarted pusher failed: %v\n%s", err, out)
	}
	allPushed(t, env)
	if items, distinct := r.count(t); items != env.Issued || distinct != env.Issued {
		t.Fatalf("repository holds %d items (%d distinct), want %d exactly once", items, distinct, env.Issued)
	}
}
