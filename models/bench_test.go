package models_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"timeline/demo"
	"timeline/models"
)

// benchStore is one database with 100,000 synthetic events, shared by the
// benchmarks of a run (building it takes a few seconds).
func benchStore(b *testing.B) *models.Store {
	b.Helper()
	s := newStore(b)
	if _, err := s.BulkInsert(context.Background(), demo.Synthetic(100_000, 1)); err != nil {
		b.Fatal(err)
	}
	return s
}

// viewports are windows a reader pans and zooms through: a day, a week, a
// month, a year and the whole range, at random places in 2014-2026.
func viewports(rng *rand.Rand) (from, to time.Time) {
	spans := []int{1, 7, 31, 365, 4700}
	span := spans[rng.IntN(len(spans))]
	from = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(4700-min(span, 4600)))
	return from, from.AddDate(0, 0, span-1)
}

// reportP99 runs query b.N times and reports the 99th percentile latency.
func reportP99(b *testing.B, query func(rng *rand.Rand) error) {
	rng := rand.New(rand.NewPCG(1, 2))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		if err := query(rng); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}

func BenchmarkViewport100k(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.Run("events", func(b *testing.B) {
		reportP99(b, func(rng *rand.Rand) error {
			from, to := viewports(rng)
			_, err := s.ListEvents(ctx, models.Filter{From: from, To: to, Limit: 200})
			return err
		})
	})
	b.Run("histogram", func(b *testing.B) {
		reportP99(b, func(rng *rand.Rand) error {
			from, to := viewports(rng)
			_, err := s.Histogram(ctx, models.Filter{From: from, To: to}, models.Cut{Buckets: 200})
			return err
		})
	})
	b.Run("histogram-type", func(b *testing.B) {
		reportP99(b, func(rng *rand.Rand) error {
			from, to := viewports(rng)
			_, err := s.Histogram(ctx, models.Filter{From: from, To: to, Types: []string{"protest", "arson"}}, models.Cut{Buckets: 200})
			return err
		})
	})
	b.Run("histogram-unit", func(b *testing.B) {
		// What the timeline asks as it zooms: 64 units of the size that fits the view.
		units := map[int]models.Unit{1: models.UnitDay, 7: models.UnitDay, 31: models.UnitWeek, 365: models.UnitMonth, 4700: models.UnitYear}
		reportP99(b, func(rng *rand.Rand) error {
			from, to := viewports(rng)
			u := units[int(to.Sub(from).Hours()/24)+1]
			_, err := s.Histogram(ctx, models.Filter{From: from, To: to, SkipOngoing: true}, models.Cut{Unit: u})
			return err
		})
	})
	b.Run("histogram-overview", func(b *testing.B) {
		// The overview strip: everything by month.
		reportP99(b, func(rng *rand.Rand) error {
			_, err := s.Histogram(ctx, models.Filter{From: time.Date(2013, 12, 30, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, models.Cut{Unit: models.UnitMonth})
			return err
		})
	})
	b.Run("count", func(b *testing.B) {
		// The chronology page's "N events in this view", over random windows and everything.
		reportP99(b, func(rng *rand.Rand) error {
			from, to := viewports(rng)
			if rng.IntN(5) == 0 {
				from, to = time.Time{}, time.Time{}
			}
			_, err := s.Count(ctx, models.Filter{From: from, To: to})
			return err
		})
	})
	b.Run("search", func(b *testing.B) {
		reportP99(b, func(rng *rand.Rand) error {
			from, to := viewports(rng)
			_, err := s.ListEvents(ctx, models.Filter{From: from, To: to, Query: "arson Kazan", Limit: 200})
			return err
		})
	})
	b.Run("places", func(b *testing.B) {
		reportP99(b, func(rng *rand.Rand) error {
			_, err := s.Places(ctx)
			return err
		})
	})
}
