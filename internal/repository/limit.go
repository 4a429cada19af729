package repository

import (
	"sync"
	"time"
)

// clientLimits is a token bucket per client: rate requests a second, bursts
// of twice that. Buckets of clients quiet for a minute are forgotten.
type clientLimits struct {
	rate    float64
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newClientLimits(rate float64) *clientLimits {
	return &clientLimits{rate: rate, buckets: map[string]*bucket{}}
}

// allow takes a token for client, or says how long until one is free.
func (c *clientLimits) allow(client string, now time.Time) (time.Duration, bool) {
	if c.rate < 0 {
		return 0, true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep(now)
	burst := 2 * c.rate
	b := c.buckets[client]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		c.buckets[client] = b
	}
	b.tokens = min(burst, b.tokens+max(0, now.Sub(b.last).Seconds())*c.rate)
	b.last = now
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) / c.rate * float64(time.Second)), false
	}
	b.tokens--
	return 0, true
}

func (c *clientLimits) sweep(now time.Time) {
	if now.Sub(c.swept) < time.Minute {
		return
	}
	c.swept = now
	for k, b := range c.buckets {
		if now.Sub(b.last) > time.Minute {
			delete(c.buckets, k)
		}
	}
}
