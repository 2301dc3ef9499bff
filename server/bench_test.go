package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"timeline/demo"
	"timeline/models"
	"timeline/pglocal/pgtest"
	"timeline/server"
)

// BenchmarkRoutes100k serves the public routes through the real router over
// 100,000 synthetic events and reports latency percentiles per route: with
// the response cache off (every request renders from the database), and on
// (after the first request, a version read and a copy).
func BenchmarkRoutes100k(b *testing.B) {
	store := syntheticStore(b, 100_000)
	routes := []struct{ name, target string }{
		{"page-all", "/"},
		{"page-month", "/?from=2022-09-01&to=2022-09-30"},
		{"page-search", "/?q=arson+Kazan"},
		{"event", "/events/50000"},
		{"api-viewport", "/api/v1/events?from=2022-09-01&to=2022-10-15&limit=200"},
		{"api-histogram-all", "/api/v1/histogram?buckets=200"},
		{"api-histogram-year", "/api/v1/histogram?from=2022-01-01&to=2022-12-31&buckets=365&type=protest"},
		{"api-histogram-overview", "/api/v1/histogram?unit=auto&buckets=400"},
		{"api-histogram-tile", "/api/v1/histogram?from=2021-11-01&to=2022-12-31&unit=week&ongoing=skip"},
	}
	for _, mode := range []struct {
		name  string
		bytes int
	}{{"uncached", -1}, {"cached", 0}} {
		e, err := server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{BaseURL: "http://bench", CacheBytes: mode.bytes, RateLimits: server.RateLimits{Off: true}})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range routes {
			b.Run(mode.name+"/"+r.name, func(b *testing.B) {
				lat := make([]time.Duration, 0, b.N)
				for b.Loop() {
					rec := httptest.NewRecorder()
					t0 := time.Now()
					e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, r.target, nil))
					lat = append(lat, time.Since(t0))
					if rec.Code != http.StatusOK && rec.Code != http.StatusMovedPermanently {
						b.Fatalf("%s: %d", r.target, rec.Code)
					}
				}
				percentiles(b, lat)
			})
		}
	}
}

// percentiles reports p50 and p99 of lat in milliseconds (auth_bench_test.go
// has the same for the package's internal benchmarks).
func percentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// syntheticStore is a fresh database holding n synthetic published events
// (0 for none), closed when the benchmark ends.
func syntheticStore(b *testing.B, n int) *models.Store {
	b.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	if n > 0 {
		if _, err := store.BulkInsert(ctx, demo.Synthetic(n, 1)); err != nil {
			b.Fatal(err)
		}
	}
	return store
}
