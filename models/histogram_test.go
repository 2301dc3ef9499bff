package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"timeline/demo"
	"timeline/models"
)

// bruteHistogram counts evs the slow obvious way, by the rules Histogram
// documents: by start bucket, with events in progress at from in the first.
func bruteHistogram(evs []models.Event, from, to time.Time, width int) map[string]int {
	counts := map[string]int{}
	for _, e := range evs {
		if e.DateEnd.Before(from) || e.DateStart.After(to) {
			continue
		}
		b := 0
		if !e.DateStart.Before(from) {
			b = int(e.DateStart.Sub(from).Hours()/24) / width
		}
		counts[fmt.Sprintf("%d/%s", b, e.Type)]++
	}
	return counts
}

func allPublished(t *testing.T, s *models.Store) []models.Event {
	t.Helper()
	var all []models.Event
	f := models.Filter{}
	for {
		page, err := s.ListEvents(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Events...)
		if page.Next == nil {
			return all
		}
		f.After = page.Next
	}
}

func TestHistogramMatchesBruteForce(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if _, err := s.BulkInsert(ctx, demo.Synthetic(3000, 11)); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T) {
		all := allPublished(t, s)
		windows := [][2]string{{"2014-01-01", "2026-12-31"}, {"2022-03-15", "2022-04-20"}, {"2020-06-01", "2020-06-01"}}
		for _, w := range windows {
			from, to := day(w[0]), day(w[1])
			for _, types := range [][]string{nil, {"protest", "arson"}} {
				for _, query := range []string{"", "synthetic"} { // "synthetic" forces the direct path
					f := models.Filter{From: from, To: to, Types: types, Query: query}
					h, err := s.Histogram(ctx, f, 37)
					if err != nil {
						t.Fatal(err)
					}
					got := map[string]int{}
					for i, b := range h.Buckets {
						for typ, n := range b.Counts {
							got[fmt.Sprintf("%d/%s", i, typ)] += n
						}
					}
					var subset []models.Event
					for _, e := range all {
						if types == nil || e.Type == types[0] || e.Type == types[1] {
							subset = append(subset, e)
						}
					}
					want := bruteHistogram(subset, from, to, h.BucketDays)
					if fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("window %v types %v q %q: histogram differs from brute force\n got %v\nwant %v", w, types, query, got, want)
					}
				}
			}
		}
	}
	t.Run("after bulk insert", check)
	all := allPublished(t, s)
	for i := 0; i < 300; i++ {
		if err := s.SetStatus(ctx, all[i*7].ID, all[i*7].Version, models.StatusRejected); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Merge(ctx, all[1].ID, all[1].Version, all[2].ID); err != nil {
		t.Fatal(err)
	}
	t.Run("after rejecting and merging", check)
}

// Listing a window must return exactly the events that overlap it, however
// the query splits the work.
func TestListWindowMatchesBruteForce(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if _, err := s.BulkInsert(ctx, demo.Synthetic(2000, 5)); err != nil {
		t.Fatal(err)
	}
	all := allPublished(t, s)
	for _, w := range [][2]string{{"2022-03-15", "2022-04-20"}, {"2020-06-01", "2020-06-01"}, {"2014-01-01", "2014-02-01"}} {
		from, to := day(w[0]), day(w[1])
		var want []int64
		for _, e := range all {
			if !e.DateEnd.Before(from) && !e.DateStart.After(to) {
				want = append(want, e.ID)
			}
		}
		var got []int64
		f := models.Filter{From: from, To: to, Limit: 7}
		for {
			page, err := s.ListEvents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Events {
				got = append(got, e.ID)
			}
			if page.Next == nil {
				break
			}
			f.After = page.Next
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("window %v: got %d events, want %d", w, len(got), len(want))
		}
	}
}
