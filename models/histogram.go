package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// MaxBuckets caps how finely a histogram may cut its window.
const MaxBuckets = 1000

// Histogram counts published events per type in equal buckets of days: what
// the timeline draws where more events are in view than fit.
type Histogram struct {
	From, To   time.Time // the inclusive window, as asked or the extent of the matches
	BucketDays int
	Total      int
	Buckets    []Bucket
}

// Bucket is one slice of a histogram's window.
type Bucket struct {
	Start, End time.Time // inclusive
	Total      int
	Counts     map[string]int // by type
}

// Extent returns the first start and last end of the published events
// matching f, ignoring its window; ok is false when nothing matches. Two
// subqueries, so each end is read from its own index.
func (s *Store) Extent(ctx context.Context, f Filter) (from, to time.Time, ok bool, err error) {
	var row struct{ Min, Max *time.Time }
	first := s.published(ctx, f).Select("min(events.date_start)")
	last := s.published(ctx, f).Select("max(events.date_end)")
	err = s.db.WithContext(ctx).Raw("SELECT (?) AS min, (?) AS max", first, last).Scan(&row).Error
	if err != nil {
		return from, to, false, fmt.Errorf("models: extent: %w", err)
	}
	if row.Min == nil || row.Max == nil {
		return from, to, false, nil
	}
	return row.Min.UTC(), row.Max.UTC(), true, nil
}

// Histogram cuts f's window into at most buckets equal slices of whole days
// and counts the matching events by the slice they start in; events already
// in progress when the window opens count in the first slice. The window
// must be set.
func (s *Store) Histogram(ctx context.Context, f Filter, buckets int) (Histogram, error) {
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return Histogram{}, fmt.Errorf("models: histogram needs a window: %w", ErrInvalid)
	}
	if buckets < 1 || buckets > MaxBuckets {
		return Histogram{}, fmt.Errorf("models: histogram: %d buckets: %w", buckets, ErrInvalid)
	}
	days := int(f.To.Sub(f.From).Hours()/24) + 1
	width := (days + buckets - 1) / buckets
	n := (days + width - 1) / width
	h := Histogram{From: f.From, To: f.To, BucketDays: width, Buckets: make([]Bucket, n)}
	for i := range h.Buckets {
		start := f.From.AddDate(0, 0, i*width)
		end := start.AddDate(0, 0, width-1)
		if end.After(f.To) {
			end = f.To
		}
		h.Buckets[i] = Bucket{Start: start, End: end, Counts: map[string]int{}}
	}
	var rows []struct {
		B    int
		Type string
		N    int
	}
	bucket := "(%s - ?::date) / ?"
	inProgress := s.published(ctx, f).
		Select("0 AS b, events.type AS type, count(*) AS n").
		Where("daterange(events.date_start, events.date_end, '[]') @> ?::date AND events.date_start < ?", f.From, f.From).
		Group("events.type")
	var starting *gorm.DB
	if len(f.Places) == 0 && len(f.Actors) == 0 && f.Query == "" {
		// Only type filters: the per-day counts answer exactly.
		starting = s.db.WithContext(ctx).Table("event_day_counts").
			Select(fmt.Sprintf(bucket, "day")+" AS b, type, sum(n) AS n", f.From, width).
			Where("day BETWEEN ? AND ?", f.From, f.To).Group("b, type").Having("sum(n) <> 0")
		if len(f.Types) > 0 {
			starting = starting.Where("type IN ?", f.Types)
		}
	} else {
		starting = s.published(ctx, f).
			Select(fmt.Sprintf(bucket, "events.date_start")+" AS b, events.type AS type, count(*) AS n", f.From, width).
			Where("events.date_start BETWEEN ? AND ?", f.From, f.To).Group("b, events.type")
	}
	err := s.db.WithContext(ctx).Raw("(?) UNION ALL (?)", inProgress, starting).Scan(&rows).Error
	if err != nil {
		return Histogram{}, fmt.Errorf("models: histogram: %w", err)
	}
	for _, r := range rows {
		b := &h.Buckets[min(max(r.B, 0), n-1)]
		b.Counts[r.Type] += r.N
		b.Total += r.N
		h.Total += r.N
	}
	return h, nil
}
