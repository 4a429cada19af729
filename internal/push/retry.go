package push

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Retry says how a request is retried: exponential backoff from Base, doubled
// each attempt up to Max, with jitter, for at most Attempts attempts. A 429 or
// 503 answer's Retry-After is honoured up to MaxWait.
type Retry struct {
	Base, Max, MaxWait time.Duration
	Attempts           int
}

// DefaultRetry is the retry policy of ezz push.
var DefaultRetry = Retry{Base: 500 * time.Millisecond, Max: 30 * time.Second, MaxWait: 5 * time.Minute, Attempts: 10}

// delay is the wait before attempt n+1 (n counts from 0): a random time
// between half and all of Base·2ⁿ capped at Max ("equal jitter").
func (r Retry) delay(n int) time.Duration {
	d := r.Base
	for i := 0; i < n && d < r.Max; i++ {
		d *= 2
	}
	d = min(d, r.Max)
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), bounded by
// MaxWait; ok is false when there is none.
func (r Retry) retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	return max(0, min(d, r.MaxWait)), true
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Limiter spaces sends so that at most Rate items a second go out on average
// (a token bucket holding one second's worth). A zero Rate is no limit.
type Limiter struct {
	Rate float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// Wait blocks until n items may be sent.
func (l *Limiter) Wait(ctx context.Context, n int) error {
	if l == nil || l.Rate <= 0 {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	if l.last.IsZero() {
		l.tokens = max(l.Rate, 1)
	} else {
		l.tokens = min(l.tokens+now.Sub(l.last).Seconds()*l.Rate, max(l.Rate, float64(n)))
	}
	l.last = now
	l.tokens -= float64(n)
	debt := -l.tokens
	l.mu.Unlock()
	if debt <= 0 {
		return nil
	}
	return sleep(ctx, time.Duration(debt/l.Rate*float64(time.Second)))
}
