package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"timeline/models"
	"timeline/server"
)

// BenchmarkChronologyPaging100k measures the pages of the chronology
// without JavaScript over 100,000 synthetic events, with the response cache
// off: the first page, a later page (cursor), an earlier page (before, read
// backwards), a focused month (which also asks whether anything is earlier)
// and an unknown type, beside the small CSS answer as the yardstick. Every
// request of a paged route asks for another position.
func BenchmarkChronologyPaging100k(b *testing.B) {
	store := syntheticStore(b, 100_000)
	h, err := server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{BaseURL: "http://bench", CacheBytes: -1, RateLimits: server.RateLimits{Off: true}})
	if err != nil {
		b.Fatal(err)
	}
	at := func(i int) string {
		return models.Cursor{Date: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i*37)%4000), ID: 1}.String()
	}
	for _, r := range []struct {
		name   string
		target func(i int) string
	}{
		{"yardstick-css", func(int) string { return "/categories.css" }},
		{"page-first", func(int) string { return "/" }},
		{"page-later", func(i int) string { return "/?cursor=" + at(i) }},
		{"page-earlier", func(i int) string { return "/?before=" + at(i) }},
		{"page-focus", func(i int) string { return fmt.Sprintf("/?focus=%d", 1+(i*7919)%100_000) }},
		{"page-unknown-type", func(int) string { return "/?type=nope" }},
	} {
		b.Run(r.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			i := 0
			for b.Loop() {
				rec := httptest.NewRecorder()
				t0 := time.Now()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, r.target(i), nil))
				lat = append(lat, time.Since(t0))
				i++
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", r.target(i-1), rec.Code)
				}
			}
			percentiles(b, lat)
		})
	}
}
