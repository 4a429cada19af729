package web

import (
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// Limit is a per-client rate: Burst look-ups at once, refilled at PerMinute.
type Limit struct {
	PerMinute float64
	Burst     float64
}

// DefaultLimit is the scan page's rate per client: plenty for a counter that
// checks certificates all day, too little to walk the identifier space.
var DefaultLimit = Limit{PerMinute: 30, Burst: 10}

// maxClients bounds the limiter's memory; past it, clients whose bucket has
// refilled are forgotten first.
const maxClients = 20000

// limiter is a token bucket per client (an IPv4 address or an IPv6 /64).
type limiter struct {
	mu      sync.Mutex
	limit   Limit
	now     func() time.Time
	buckets map[netip.Prefix]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(l Limit, now func() time.Time) *limiter {
	if l.PerMinute <= 0 || l.Burst < 1 {
		l = DefaultLimit
	}
	return &limiter{limit: l, now: now, buckets: map[netip.Prefix]*bucket{}}
}

// allow takes a token from the client's bucket, or says how long to wait.
func (l *limiter) allow(client netip.Prefix) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[client]
	if b == nil {
		if len(l.buckets) >= maxClients {
			l.prune(now)
		}
		b = &bucket{tokens: l.limit.Burst, at: now}
		l.buckets[client] = b
	}
	b.tokens = min(l.limit.Burst, b.tokens+now.Sub(b.at).Minutes()*l.limit.PerMinute)
	b.at = now
	if b.tokens < 1 {
		wait := time.Duration((1 - b.tokens) / l.limit.PerMinute * float64(time.Minute))
		return false, wait
	}
	b.tokens--
	return true, 0
}

// prune forgets clients whose bucket is full again; if none is, all of them
// (a flood from many addresses must not grow memory without bound).
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Minutes()*l.limit.PerMinute >= l.limit.Burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxClients {
		clear(l.buckets)
	}
}

// clientOf is the client a request is counted against: the peer's IPv4
// address, or its IPv6 /64 (one household or host). Forwarded-for headers
// are not trusted: put a proxy's own limit in front if there is one.
func clientOf(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}
