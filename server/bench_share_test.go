package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"timeline/server"
)

// discard is a response writer that keeps nothing but a byte count, so an
// export's memory is the server's own, not a recorder's copy of the body.
type discard struct {
	h http.Header
	n int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// peakHeap samples the live heap until stop is called and returns the
// highest value seen.
func peakHeap() (stop func() uint64) {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			peak = max(peak, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// BenchmarkJournalists100k measures the journalist routes over 100,000
// synthetic events: the CSV export of all of them (events per second and
// the heap's peak growth while it streams), the share image drawn and
// cached, and the feed and sitemaps with the response cache off and on.
func BenchmarkJournalists100k(b *testing.B) {
	const n = 100_000
	store := syntheticStore(b, n)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	uncached, err := server.New(store, log, server.Config{BaseURL: "http://bench", CacheBytes: -1, RateLimits: server.RateLimits{Off: true}})
	if err != nil {
		b.Fatal(err)
	}
	cached, err := server.New(store, log, server.Config{BaseURL: "http://bench", RateLimits: server.RateLimits{Off: true}})
	if err != nil {
		b.Fatal(err)
	}

	b.Run("export-csv", func(b *testing.B) {
		var worstGrowth uint64
		var total time.Duration
		for b.Loop() {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			before := ms.HeapInuse
			stop := peakHeap()
			w := &discard{h: http.Header{}}
			t0 := time.Now()
			uncached.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/export/events.csv", nil))
			total += time.Since(t0)
			peak := stop()
			if peak > before {
				worstGrowth = max(worstGrowth, peak-before)
			}
			if w.n < n*100 {
				b.Fatalf("the export wrote only %d bytes", w.n)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "events/s")
		b.ReportMetric(float64(worstGrowth)/(1<<20), "peak-heap-growth-MB")
	})

	latencies := func(b *testing.B, h http.Handler, target func(i int) string) {
		// One request first, so "cached" measures the cache, not its first miss.
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target(-1), nil))
		lat := make([]time.Duration, 0, b.N)
		i := 0
		for b.Loop() {
			rec := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target(i), nil))
			lat = append(lat, time.Since(t0))
			i++
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d", target(i-1), rec.Code)
			}
		}
		percentiles(b, lat)
	}
	// Every request of "drawn" asks for another event, which no cache holds.
	b.Run("share-image-drawn", func(b *testing.B) {
		latencies(b, uncached, func(i int) string { return fmt.Sprintf("/events/%d/share.png?v=1", 2+i%(n-1)) })
	})
	b.Run("share-image-cached", func(b *testing.B) {
		latencies(b, uncached, func(int) string { return "/events/500/share.png?v=1" })
	})
	b.Run("share-image-view", func(b *testing.B) {
		latencies(b, uncached, func(int) string { return "/share.png?type=protest" })
	})
	// The small CSS file is the yardstick: what the machine does for the cheapest answer.
	b.Run("yardstick-css", func(b *testing.B) {
		latencies(b, uncached, func(int) string { return "/categories.css" })
	})
	for _, mode := range []struct {
		name string
		h    http.Handler
	}{{"uncached", uncached}, {"cached", cached}} {
		b.Run(mode.name+"/feed", func(b *testing.B) {
			latencies(b, mode.h, func(int) string { return "/feed.atom" })
		})
		b.Run(mode.name+"/feed-filtered", func(b *testing.B) {
			latencies(b, mode.h, func(int) string { return "/feed.atom?type=protest&place=Kazan" })
		})
		b.Run(mode.name+"/sitemap-index", func(b *testing.B) {
			latencies(b, mode.h, func(int) string { return "/sitemap.xml" })
		})
		b.Run(mode.name+"/sitemap-part", func(b *testing.B) {
			latencies(b, mode.h, func(int) string { return "/sitemap-2.xml" })
		})
	}
}
