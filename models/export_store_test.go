package models_test

import (
	"context"
	"testing"

	"timeline/demo"
	"timeline/models"
)

// Export yields exactly the events ListEvents pages through, in the same
// order, and as many as Count counts, whatever the filter.
func TestExportMatchesListAndCount(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.BulkInsert(ctx, demo.Synthetic(3000, 11)); err != nil {
		t.Fatal(err)
	}
	filters := map[string]models.Filter{
		"all":        {},
		"type":       {Types: []string{"protest", "arson"}},
		"window":     {From: day("2022-09-01"), To: day("2022-12-31")},
		"skip":       {From: day("2022-09-01"), To: day("2022-12-31"), SkipOngoing: true},
		"open start": {To: day("2019-06-30"), Types: []string{"mobilization"}},
		"place":      {Places: []string{"kazan", "Moscow"}},
		"search":     {Query: "arson"},
		"nothing":    {Query: "nothing-matches-this"},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			var exported []int64
			for e, err := range s.Export(ctx, f) {
				if err != nil {
					t.Fatal(err)
				}
				if e.TypeName == "" || e.Slug == "" || e.Version < 1 {
					t.Fatalf("event %d read without its type, slug or version: %+v", e.ID, e)
				}
				exported = append(exported, e.ID)
			}
			var listed []int64
			p := f
			p.Limit = models.MaxPage
			for {
				page, err := s.ListEvents(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range page.Events {
					listed = append(listed, e.ID)
				}
				if page.Next == nil {
					break
				}
				p.After = page.Next
			}
			n, err := s.Count(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(exported) != n || len(listed) != n {
				t.Fatalf("exported %d, listed %d, counted %d", len(exported), len(listed), n)
			}
			for i := range exported {
				if exported[i] != listed[i] {
					t.Fatalf("event %d: exported %d, listed %d", i, exported[i], listed[i])
				}
			}
		})
	}
}

// An export stopped early releases its cursor: the next query runs.
func TestExportStopsEarly(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.BulkInsert(ctx, demo.Synthetic(100, 2)); err != nil {
		t.Fatal(err)
	}
	for range 30 { // more than the pool's connections
		for range s.Export(ctx, models.Filter{}) {
			break
		}
	}
	if _, err := s.Count(ctx, models.Filter{}); err != nil {
		t.Fatal(err)
	}
}
