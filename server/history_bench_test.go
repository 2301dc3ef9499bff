package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"timeline/models"
	"timeline/server"
)

// BenchmarkPermalinkCorrections renders (uncached) the permalink of a
// published event never corrected and of one corrected 20 times, beside
// the same server's static CSS file: the price of "Updated" and the list
// of corrections, as ratios to the CSS in the same run.
func BenchmarkPermalinkCorrections(b *testing.B) {
	ctx := context.Background()
	store := syntheticStore(b, 0)
	body := "Residents gathered outside the enlistment office on Friday."
	ev := func(key string) models.NewEvent {
		return models.NewEvent{ImportKey: key, Title: "Event " + key, Type: "protest", Status: models.StatusPublished,
			DateStart: day("2022-09-23"), DateEnd: day("2022-09-23"), Precision: models.PrecisionDay, Confidence: 1,
			Citations: []models.Citation{{Source: &models.Source{Title: "Source " + key, Body: body + key}, Quote: "Residents gathered"}}}
	}
	if _, err := store.ImportEvents(ctx, []models.NewEvent{ev("plain"), ev("corrected")}); err != nil {
		b.Fatal(err)
	}
	page, err := store.ListEvents(ctx, models.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	paths := map[string]string{}
	for _, e := range page.Events {
		if e.Title == "Event corrected" {
			for i := range 20 {
				cur, err := store.Event(ctx, e.ID)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := store.Update(ctx, e.ID, cur.Version, models.Edit{Title: e.Title, Summary: fmt.Sprintf("Summary %d", i),
					Type: "protest", DateStart: e.DateStart, DateEnd: e.DateEnd, Precision: e.DatePrecision, Note: fmt.Sprintf("Correction %d", i)}); err != nil {
					b.Fatal(err)
				}
			}
		}
		paths[strings.TrimPrefix(e.Title, "Event ")] = e.Path()
	}
	e, err := server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{BaseURL: "http://bench", CacheBytes: -1, RateLimits: server.RateLimits{Off: true}})
	if err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, paths["corrected"], nil))
	d, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		b.Fatal(err)
	}
	if n := d.Find(`[data-testid="correction"]`).Length(); n != 20 {
		b.Fatalf("%d corrections listed, want 20", n)
	}
	css := d.Find(`link[rel=stylesheet]`).First().AttrOr("href", "")
	for _, r := range []struct{ name, target string }{{"static-css", css}, {"event-plain", paths["plain"]}, {"event-corrected-20", paths["corrected"]}} {
		b.Run(r.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				rec := httptest.NewRecorder()
				t0 := time.Now()
				e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, r.target, nil))
				lat = append(lat, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", r.target, rec.Code)
				}
			}
			percentiles(b, lat)
		})
	}
}
