package server

import (
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// Rate is a token bucket: PerSecond requests on average, Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

// The default limits per client on the expensive public routes. They only
// count answers the response cache did not have, so a reader paging through
// cached months never meets them; the timeline's scripts ask for histogram
// tiles in bursts as a reader zooms, hence the larger bucket there.
var (
	DefaultSearchRate    = Rate{PerSecond: 5, Burst: 30}
	DefaultHistogramRate = Rate{PerSecond: 20, Burst: 120}
	DefaultExportRate    = Rate{PerSecond: 0.2, Burst: 12} // one every 5 s after twelve
)

// RateLimits configures the per-client limits; a zero Rate takes its default.
type RateLimits struct {
	Off                       bool
	Search, Histogram, Export Rate
}

// errRateLimited is answered 429 with Retry-After by the error handler.
var errRateLimited = errors.New("server: rate limited")

// maxClients bounds the memory of one limiter: past it, idle clients are
// forgotten first, and if every client is active the oldest half goes.
const maxClients = 100_000

// clientIdle is how long a client's bucket is kept after its last request;
// by then any bucket has refilled, so forgetting it changes nothing.
const clientIdle = 10 * time.Minute

// limiter keeps one token bucket per client address (an IPv6 client per
// /64, since one machine commonly holds a whole /64).
type limiter struct {
	rate Rate
	now  func() time.Time

	mu      sync.Mutex
	clients map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(r Rate) *limiter {
	return &limiter{rate: r, now: time.Now, clients: map[string]*bucket{}}
}

// allow takes a token for client, or says how long until one is there.
func (l *limiter) allow(client string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute || len(l.clients) >= maxClients {
		l.sweep(now)
	}
	b := l.clients[client]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.rate.PerSecond), l.rate.Burst)}
		l.clients[client] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

func (l *limiter) sweep(now time.Time) {
	l.swept = now
	for k, b := range l.clients {
		if now.Sub(b.seen) > clientIdle {
			delete(l.clients, k)
		}
	}
	if len(l.clients) < maxClients {
		return
	}
	cut := now.Add(-clientIdle / 2)
	for k, b := range l.clients {
		if b.seen.Before(cut) || len(l.clients) >= maxClients/2 {
			delete(l.clients, k)
		}
	}
}

// clientKey is the address the IPExtractor trusts, IPv6 cut to its /64.
func clientKey(c echo.Context) string {
	ip := net.ParseIP(c.RealIP())
	if ip == nil {
		return c.RealIP()
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String()
	}
	return ip.String()
}

// limited answers 429 with Retry-After once a client has used its bucket;
// when applies is given, only the requests it picks are counted.
func (l *limiter) limited(applies func(*http.Request) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if applies != nil && !applies(c.Request()) {
				return next(c)
			}
			if ok, wait := l.allow(clientKey(c)); !ok {
				secs := int(math.Ceil(wait.Seconds()))
				c.Response().Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
				return errRateLimited
			}
			return next(c)
		}
	}
}

// searches picks the requests that run a full-text search.
func searches(r *http.Request) bool { return r.URL.Query().Get("q") != "" }

// rateLimits holds one middleware per class of expensive route; with the
// limits off, each passes every request through.
type rateLimits struct {
	search, histogram, export echo.MiddlewareFunc
}

func newRateLimits(cfg RateLimits) rateLimits {
	if cfg.Off {
		pass := func(next echo.HandlerFunc) echo.HandlerFunc { return next }
		return rateLimits{pass, pass, pass}
	}
	or := func(r, d Rate) Rate {
		if r.PerSecond <= 0 || r.Burst <= 0 {
			return d
		}
		return r
	}
	return rateLimits{
		search:    newLimiter(or(cfg.Search, DefaultSearchRate)).limited(searches),
		histogram: newLimiter(or(cfg.Histogram, DefaultHistogramRate)).limited(nil),
		export:    newLimiter(or(cfg.Export, DefaultExportRate)).limited(nil),
	}
}
