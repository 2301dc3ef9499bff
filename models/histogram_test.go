package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"timeline/demo"
	"timeline/models"
)

// bruteHistogram counts evs the slow obvious way, by the rules Histogram
// documents: by the bucket an event starts in; events in progress when the
// window opens count in the first bucket, unless skipped.
func bruteHistogram(evs []models.Event, h models.Histogram, skipOngoing bool) map[string]int {
	counts := map[string]int{}
	for _, e := range evs {
		if e.DateEnd.Before(h.From) || e.DateStart.After(h.To) {
			continue
		}
		if e.DateStart.Before(h.From) {
			if !skipOngoing {
				counts[fmt.Sprintf("0/%s", e.Type)]++
			}
			continue
		}
		for i, b := range h.Buckets {
			if !e.DateStart.Before(b.Start) && !e.DateStart.After(b.End) {
				counts[fmt.Sprintf("%d/%s", i, e.Type)]++
			}
		}
	}
	return counts
}

// checkBuckets fails unless h's buckets tile its window: in order, each
// starting the day after the last ended, by unit each a whole unit.
func checkBuckets(t *testing.T, h models.Histogram) {
	t.Helper()
	if len(h.Buckets) == 0 || !h.Buckets[0].Start.Equal(h.From) || !h.Buckets[len(h.Buckets)-1].End.Equal(h.To) {
		t.Fatalf("buckets do not span the window %v..%v", h.From, h.To)
	}
	for i, b := range h.Buckets {
		if i > 0 && !b.Start.Equal(h.Buckets[i-1].End.AddDate(0, 0, 1)) {
			t.Fatalf("bucket %d starts %v, not the day after %v", i, b.Start, h.Buckets[i-1].End)
		}
		if h.Unit != "" && (!h.Unit.Floor(b.Start).Equal(b.Start) || !h.Unit.Floor(b.End).Equal(b.Start) || h.Unit.Floor(b.End.AddDate(0, 0, 1)).Equal(b.Start)) {
			t.Fatalf("bucket %d (%v..%v) is not one whole %s", i, b.Start, b.End, h.Unit)
		}
	}
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
		cuts := []struct {
			models.Cut
			skip bool
		}{{models.Cut{Buckets: 37}, false}, {models.Cut{Buckets: 37}, true}, {models.Cut{Unit: models.UnitWeek}, false},
			{models.Cut{Unit: models.UnitMonth}, true}, {models.Cut{Unit: models.UnitQuarter}, false},
			{models.Cut{Unit: models.UnitYear}, false}, {models.Cut{Unit: models.UnitDecade}, true}}
		for _, w := range windows {
			from, to := day(w[0]), day(w[1])
			for _, cut := range cuts {
				for _, types := range [][]string{nil, {"protest", "arson"}} {
					for _, query := range []string{"", "synthetic"} { // "synthetic" forces the direct path
						f := models.Filter{From: from, To: to, Types: types, Query: query, SkipOngoing: cut.skip}
						h, err := s.Histogram(ctx, f, cut.Cut)
						if err != nil {
							t.Fatal(err)
						}
						checkBuckets(t, h)
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
						want := bruteHistogram(subset, h, cut.skip)
						if fmt.Sprint(got) != fmt.Sprint(want) {
							t.Errorf("window %v cut %+v types %v q %q: histogram differs from brute force\n got %v\nwant %v", w, cut, types, query, got, want)
						}
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

func TestUnitFloor(t *testing.T) {
	tests := []struct {
		unit      models.Unit
		day, want string
	}{
		{models.UnitDay, "2022-09-21", "2022-09-21"},
		{models.UnitWeek, "2022-09-21", "2022-09-19"}, // a Wednesday, in the week of Monday the 19th
		{models.UnitWeek, "2022-09-19", "2022-09-19"},
		{models.UnitWeek, "2022-01-02", "2021-12-27"}, // a Sunday: its week began last year
		{models.UnitMonth, "2024-02-29", "2024-02-01"},
		{models.UnitQuarter, "2022-09-30", "2022-07-01"},
		{models.UnitQuarter, "2022-10-01", "2022-10-01"},
		{models.UnitYear, "2022-12-31", "2022-01-01"},
		{models.UnitDecade, "2029-12-31", "2020-01-01"},
		{models.UnitDecade, "1900-01-01", "1900-01-01"},
	}
	for _, tt := range tests {
		t.Run(string(tt.unit)+" "+tt.day, func(t *testing.T) {
			if got := tt.unit.Floor(day(tt.day)).Format(time.DateOnly); got != tt.want {
				t.Errorf("Floor = %s, want %s", got, tt.want)
			}
		})
	}
	counts := []struct {
		unit     models.Unit
		from, to string
		want     int
	}{
		{models.UnitDay, "2022-09-01", "2022-09-30", 30},
		{models.UnitWeek, "2022-09-18", "2022-09-19", 2}, // a Sunday and the Monday after
		{models.UnitMonth, "2022-01-31", "2022-03-01", 3},
		{models.UnitYear, "2014-06-01", "2026-01-01", 13},
		{models.UnitDecade, "1900-01-01", "2100-12-31", 21},
		{models.UnitDay, "1900-01-01", "2100-12-31", 73414},
		{models.UnitWeek, "1969-12-28", "1970-01-05", 3}, // a Sunday, in the week of Monday 22 December 1969; two more Mondays follow
		{models.UnitDay, "0001-01-01", "9999-12-31", 3652059},
		{models.UnitDecade, "1895-01-01", "1905-01-01", 2},
	}
	for _, c := range counts {
		if got := c.unit.Count(day(c.from), day(c.to)); got != c.want {
			t.Errorf("%s.Count(%s, %s) = %d, want %d", c.unit, c.from, c.to, got, c.want)
		}
	}
}

func TestHistogramRefusesBadCuts(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	f := models.Filter{From: day("1900-01-01"), To: day("2100-12-31")}
	for _, cut := range []models.Cut{{}, {Buckets: models.MaxBuckets + 1}, {Unit: "fortnight"}, {Unit: models.UnitDay}, {Unit: models.UnitWeek}} {
		if _, err := s.Histogram(ctx, f, cut); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("cut %+v over two centuries: err = %v, want ErrInvalid", cut, err)
		}
	}
	if h, err := s.Histogram(ctx, f, models.Cut{Unit: models.UnitMonth}); err == nil || !errors.Is(err, models.ErrInvalid) {
		t.Errorf("2,412 months: got %d buckets, err %v; want ErrInvalid", len(h.Buckets), err)
	}
	if h, err := s.Histogram(ctx, f, models.Cut{Unit: models.UnitYear}); err != nil || len(h.Buckets) != 201 {
		t.Errorf("by year over two centuries: %d buckets, err %v; want 201", len(h.Buckets), err)
	}
}

// Count must say how many events overlap a window, however it adds up the
// kept counts: windows of whole months, parts of months, open ends.
func TestCountMatchesBruteForce(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	evs := demo.Synthetic(3000, 13)
	// Dates the extractor may find far from the chronology's years.
	for i, d := range []string{"1812-09-07", "1899-12-31", "2101-01-01", "3001-06-15", "9999-12-31"} {
		evs = append(evs, models.NewEvent{ImportKey: fmt.Sprint("far", i), Title: "Far " + d, Type: "protest",
			Status: models.StatusPublished, DateStart: day(d), DateEnd: day(d), Precision: models.PrecisionDay, Confidence: 1})
	}
	if _, err := s.BulkInsert(ctx, evs); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T) {
		all := allPublished(t, s)
		windows := [][2]string{{"", ""}, {"2022-03-01", "2022-05-31"}, {"2022-01-31", "2022-03-01"}, {"2022-03-15", "2022-04-20"},
			{"2020-06-01", "2020-06-01"}, {"2022-09-01", ""}, {"", "2019-12-31"}, {"2014-01-02", "2026-10-30"}, {"1900-01-01", "2100-12-31"}}
		for _, w := range windows {
			var from, to time.Time
			if w[0] != "" {
				from = day(w[0])
			}
			if w[1] != "" {
				to = day(w[1])
			}
			for _, types := range [][]string{nil, {"protest", "arson"}} {
				for _, query := range []string{"", "synthetic"} {
					for _, skip := range []bool{false, true} {
						f := models.Filter{From: from, To: to, Types: types, Query: query, SkipOngoing: skip}
						got, err := s.Count(ctx, f)
						if err != nil {
							t.Fatal(err)
						}
						want := 0
						for _, e := range all {
							if query != "" && !strings.HasPrefix(e.Summary, "Synthetic") {
								continue
							}
							starts := from.IsZero() || !e.DateStart.Before(from)
							if (starts || (!skip && !e.DateEnd.Before(from))) && (to.IsZero() || !e.DateStart.After(to)) &&
								(types == nil || e.Type == types[0] || e.Type == types[1]) {
								want++
							}
						}
						if got != want {
							t.Errorf("window %v types %v q %q skip %v: count %d, want %d", w, types, query, skip, got, want)
						}
						if page, err := s.ListEvents(ctx, f); err != nil || (page.Next == nil && len(page.Events) != want) {
							t.Errorf("window %v types %v q %q skip %v: listed %d, counted %d (%v)", w, types, query, skip, len(page.Events), want, err)
						}
					}
				}
			}
		}
	}
	t.Run("after bulk insert", check)
	all := allPublished(t, s)
	for i := 0; i < 200; i++ {
		if err := s.SetStatus(ctx, all[i*11].ID, all[i*11].Version, models.StatusRejected); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("after rejections", check)
}
