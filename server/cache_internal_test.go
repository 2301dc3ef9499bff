package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// The cache never holds more than its budget, drops the least recently used
// answer first, and does not keep an answer larger than the whole budget.
func TestResponseCacheBudget(t *testing.T) {
	rc := newResponseCache(1000, func(context.Context) (int64, error) { return 1, nil })
	body := []byte(strings.Repeat("x", 190)) // 200 bytes with a 10-byte key
	for i := range 5 {
		rc.put(&cachedResponse{key: fmt.Sprintf("1 /page-%02d", i), body: body})
	}
	if rc.size != 1000 || len(rc.entries) != 5 {
		t.Fatalf("size %d with %d entries, want 1000 with 5", rc.size, len(rc.entries))
	}
	rc.get("1 /page-00") // now the most recently used
	rc.put(&cachedResponse{key: "1 /page-05", body: body})
	if rc.get("1 /page-01") != nil || rc.get("1 /page-00") == nil || rc.get("1 /page-05") == nil {
		t.Error("eviction did not drop the least recently used entry (page-01)")
	}
	if rc.size > 1000 {
		t.Errorf("size %d over the budget", rc.size)
	}
	rc.put(&cachedResponse{key: "1 /huge", body: make([]byte, 2000)})
	if rc.get("1 /huge") != nil || rc.size > 1000 {
		t.Error("an answer larger than the budget was kept")
	}
}

func TestETagMatching(t *testing.T) {
	tag := etag(7, "/?type=protest")
	if tag != etag(7, "/?type=protest") || tag == etag(8, "/?type=protest") || tag == etag(7, "/?type=arson") {
		t.Fatal("tags must be equal for the same version and URI, and differ otherwise")
	}
	for header, want := range map[string]bool{
		"":                                   false,
		tag:                                  true,
		strings.TrimPrefix(tag, "W/"):        true,
		`"other", ` + tag:                    true,
		"*":                                  true,
		etag(6, "/?type=protest"):            false,
		`W/"7-0", ` + etag(7, "/?q=protest"): false,
	} {
		if got := matches(header, tag); got != want {
			t.Errorf("matches(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                     false,
		"gzip":                 true,
		"deflate, GZIP":        true,
		"br;q=1.0, gzip;q=0.5": true,
		"gzip;q=0":             false,
		"gzip; q=0.000":        false,
		"br":                   false,
		"x-gzip-ish":           false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// cacheOver serves handler at "/" through a cache whose data version the
// test sets.
func cacheOver(handler echo.HandlerFunc) (*echo.Echo, *atomic.Int64) {
	var version atomic.Int64
	version.Store(1)
	rc := newResponseCache(1<<20, func(context.Context) (int64, error) { return version.Load(), nil })
	e := echo.New()
	e.GET("/", handler, rc.middleware)
	return e, &version
}

func fetch(e *echo.Echo, target string) (body, how string) {
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Body.String(), rec.Header().Get("X-Cache")
}

// Concurrent first requests for one answer compute it once.
func TestResponseCacheSingleflight(t *testing.T) {
	var calls atomic.Int32
	entered, release := make(chan struct{}, 1), make(chan struct{})
	e, _ := cacheOver(func(c echo.Context) error {
		if calls.Add(1) == 1 {
			entered <- struct{}{}
			<-release
		}
		return c.String(http.StatusOK, "answer for "+c.QueryParam("q"))
	})
	const n = 12
	var wg sync.WaitGroup
	bodies := make([]string, n)
	hows := make([]string, n)
	wg.Add(1)
	go func() { defer wg.Done(); bodies[0], hows[0] = fetch(e, "/?q=burst") }()
	<-entered
	for i := 1; i < n; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); bodies[i], hows[i] = fetch(e, "/?q=burst") }()
	}
	time.Sleep(100 * time.Millisecond) // let them queue behind the first
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d computations for %d concurrent requests, want 1", calls.Load(), n)
	}
	for i := range n {
		if bodies[i] != "answer for burst" {
			t.Errorf("request %d (%s) got %q", i, hows[i], bodies[i])
		}
	}
	if hows[0] != "miss" || slices.Contains(hows[1:], "miss") {
		t.Errorf("X-Cache of the requests: %v, want one miss", hows)
	}
}

// After a write, the previous answer is served while one request computes
// the new one; then the new one is served.
func TestResponseCacheServesStaleWhileRefreshing(t *testing.T) {
	var answer atomic.Value
	answer.Store("before")
	block := atomic.Bool{}
	entered, release := make(chan struct{}, 1), make(chan struct{})
	e, version := cacheOver(func(c echo.Context) error {
		if block.Load() {
			entered <- struct{}{}
			<-release
		}
		return c.String(http.StatusOK, answer.Load().(string))
	})
	if body, how := fetch(e, "/"); body != "before" || how != "miss" {
		t.Fatalf("first: %q %s", body, how)
	}
	version.Store(2)
	answer.Store("after")
	block.Store(true)
	done := make(chan string)
	go func() { body, _ := fetch(e, "/"); done <- body }()
	<-entered
	if body, how := fetch(e, "/"); body != "before" || how != "stale" {
		t.Errorf("while refreshing: %q (%s), want the previous answer, stale", body, how)
	}
	close(release)
	if body := <-done; body != "after" {
		t.Errorf("the refreshing request got %q", body)
	}
	block.Store(false)
	if body, how := fetch(e, "/"); body != "after" || how != "hit" {
		t.Errorf("after the refresh: %q (%s)", body, how)
	}
}

// Requests that mean the same key the same answer; the handler sees only
// the normal query.
func TestResponseCacheNormalisesTheQuery(t *testing.T) {
	var seen []string
	e, _ := cacheOver(func(c echo.Context) error {
		seen = append(seen, c.Request().URL.RawQuery+" "+c.QueryParam("junk"))
		return c.String(http.StatusOK, "page")
	})
	first := "/?from=2022-09-01&to=2022-09-30&type=protest&type=arson"
	for _, target := range []string{first,
		"/?to=2022-09-30&type=protest&from=2022-09-01&type=arson",
		"/?from=2022-09-01&to=2022-09-30&type=protest&type=arson&junk=1&q=&utm_source=x",
	} {
		if _, how := fetch(e, target); (target == first) != (how == "miss") {
			t.Errorf("%s: X-Cache %s", target, how)
		}
	}
	if len(seen) != 1 || seen[0] != "from=2022-09-01&to=2022-09-30&type=protest&type=arson " {
		t.Errorf("the handler saw %q", seen)
	}
}
