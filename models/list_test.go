package models_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gorm.io/gorm"

	"timeline/demo"
	"timeline/models"
)

// plainWindow adds f's window to q the obvious way: the events overlapping
// it, or starting inside it.
func plainWindow(q *gorm.DB, f models.Filter) *gorm.DB {
	if !f.From.IsZero() && f.SkipOngoing {
		q = q.Where("date_start >= ?", f.From)
	} else if !f.From.IsZero() {
		q = q.Where("date_end >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("date_start <= ?", f.To)
	}
	return q
}

// listFixture is a store with the demo events and 3,000 synthetic ones.
func listFixture(t *testing.T) *models.Store {
	t.Helper()
	ctx := context.Background()
	s := newStore(t)
	evs, err := demo.Events()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BulkInsert(ctx, demo.Synthetic(3000, 5)); err != nil {
		t.Fatal(err)
	}
	// Events of long texts, which the search index leaves to another
	// (migrations/00020): summaries of thousands of distinct words, as
	// long as an editor may write, are stored and found.
	var long []models.NewEvent
	for i, d := range []string{"2015-03-02", "2019-05-01", "2022-09-05", "2022-09-05", "2024-01-10"} {
		e := newEvent(fmt.Sprintf("long%d", i), "protest", d, d, models.StatusPublished)
		e.Title = "A protest against the draft in Kazan, told at length"
		var b strings.Builder
		for j := 0; b.Len() < models.MaxSummaryLen-12; j++ {
			fmt.Fprintf(&b, "w%dx%d ", i, j)
		}
		e.Summary = b.String() + "arson"
		long = append(long, e)
	}
	if _, err := s.ImportEvents(ctx, long); err != nil {
		t.Fatalf("events of long texts: %v", err)
	}
	return s
}

// ListEvents scans its rows by hand and shares each page's types and
// places between its events: every listed event must still be exactly the
// one the ORM loads by its id (less the sources and actors a list leaves
// out), over the filters the chronology, the API and the embed use.
func TestListEventsMatchesEventByID(t *testing.T) {
	ctx := context.Background()
	s := listFixture(t)
	first, err := s.ListEvents(ctx, models.Filter{Limit: 20})
	if err != nil || first.Next == nil {
		t.Fatalf("first page: %v, next %v", err, first.Next)
	}
	filters := map[string]models.Filter{
		"all":        {Limit: 120},
		"next page":  {After: first.Next, Limit: 120},
		"window":     {From: day("2022-09-01"), To: day("2022-09-30"), Limit: 200},
		"starting":   {From: day("2022-09-01"), To: day("2022-12-31"), SkipOngoing: true, Limit: 200},
		"types":      {Types: []string{"protest", "arson"}, Limit: 200},
		"search":     {Query: "protest", Limit: 200},
		"search and": {Query: "arson Kazan", From: day("2015-01-01"), Limit: 200},
		"default":    {},
	}
	for name, f := range filters {
		page, err := s.ListEvents(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(page.Events) == 0 {
			t.Fatalf("%s: no events: the filter tests nothing", name)
		}
		for _, got := range page.Events {
			want, err := s.Event(ctx, got.ID)
			if err != nil {
				t.Fatalf("%s: event %d: %v", name, got.ID, err)
			}
			want.Sources, want.Actors = nil, nil
			if !reflect.DeepEqual(&got, want) {
				t.Fatalf("%s: event %d listed as\n%+v\nbut is\n%+v\n(category %+v / %+v, place %+v / %+v)",
					name, got.ID, got, *want, got.Category, want.Category, got.Place, want.Place)
			}
		}
	}
}

// CountUpTo agrees with Count up to its limit, and says when there are
// more.
func TestCountUpToAgreesWithCountAndLastUpdate(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.BulkInsert(ctx, demo.Synthetic(2000, 9)); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]models.Filter{
		"search":                 {Query: "protest"},
		"search window":          {Query: "arson", From: day("2016-01-01"), To: day("2019-12-31")},
		"search ongoing skipped": {Query: "protest", From: day("2016-01-01"), SkipOngoing: true},
		"places":                 {Places: []string{"kazan", "Irkutsk"}, From: day("2018-03-01")},
		"nothing":                {Query: "nosuchwordanywhere"},
		"types":                  {Types: []string{"protest"}, From: day("2020-01-01")},
	} {
		want, err := s.Count(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if name == "search" && want < 20 {
			t.Fatalf("search: %d events: the test tests nothing", want)
		}
		for _, limit := range []int{want - 1, want, want + 1, 1000} {
			if limit < 0 {
				continue
			}
			got, err := s.CountUpTo(ctx, f, limit)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			wantN, wantMore := min(want, limit), want > limit
			if name == "types" { // counted from the kept counts, never capped
				wantN, wantMore = want, false
			}
			if got.N != wantN || got.More != wantMore {
				t.Errorf("%s up to %d: %d (more %v), Count says %d", name, limit, got.N, got.More, want)
			}
			// The latest update comes with a count that read every match.
			if wantRead := name != "types" && !wantMore; got.LastRead != wantRead {
				t.Errorf("%s up to %d: last read %v", name, limit, got.LastRead)
			} else if got.LastRead {
				var last sql.NullTime // read as LastUpdate did before it used CountUpTo
				q := s.DB().Model(&models.Event{}).Where("status = 'published'")
				if f.Query != "" {
					q = q.Where("search @@ websearch_to_tsquery('english', ?)", f.Query)
				}
				if len(f.Places) > 0 {
					q = q.Where("place_id IN (SELECT id FROM places WHERE lower(name) IN ?)", []string{"kazan", "irkutsk"})
				}
				if err := plainWindow(q, f).Select("max(updated_at)").Row().Scan(&last); err != nil {
					t.Fatal(err)
				}
				if !got.Last.Equal(last.Time) {
					t.Errorf("%s up to %d: last update %v, max(updated_at) says %v", name, limit, got.Last, last.Time)
				}
				if lu, err := s.LastUpdate(ctx, f); err != nil || !lu.Equal(last.Time) {
					t.Errorf("%s: LastUpdate %v (%v), max(updated_at) says %v", name, lu, err, last.Time)
				}
			}
		}
	}
}

// ListEventsBrief lists the same events and pages as ListEvents, with the
// same values in the fields it reads.
func TestListEventsBriefMatchesListEvents(t *testing.T) {
	ctx := context.Background()
	s := listFixture(t)
	first, err := s.ListEvents(ctx, models.Filter{Limit: 20})
	if err != nil || first.Next == nil {
		t.Fatalf("first page: %v, next %v", err, first.Next)
	}
	mid := &models.Cursor{Date: day("2020-06-01"), ID: 1}
	for name, f := range map[string]models.Filter{
		"all":          {Limit: 120},
		"next page":    {After: first.Next, Limit: 120},
		"before":       {Before: mid, Limit: 50},
		"window":       {From: day("2022-09-01"), To: day("2022-09-30"), Limit: 200},
		"window after": {From: day("2019-01-01"), To: day("2022-12-31"), After: mid, Limit: 30},
		"starting":     {From: day("2022-09-01"), To: day("2022-12-31"), SkipOngoing: true, Limit: 200},
		"types":        {Types: []string{"protest", "arson"}, Limit: 200},
		"search":       {Query: "protest", Limit: 200},
		"search and":   {Query: "arson Kazan", From: day("2015-01-01"), Limit: 200},
		"places":       {Places: []string{"kazan", "Yakutsk"}, Limit: 200},
		"actors":       {Actors: []string{"wagner group"}},
		"default":      {},
	} {
		want, err := s.ListEvents(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := s.ListEventsBrief(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(want.Events) == 0 {
			t.Fatalf("%s: no events: the filter tests nothing", name)
		}
		if len(got.Events) != len(want.Events) {
			t.Fatalf("%s: %d events, ListEvents %d", name, len(got.Events), len(want.Events))
		}
		if fmt.Sprint(got.Next, got.Prev) != fmt.Sprint(want.Next, want.Prev) {
			t.Errorf("%s: next %v prev %v, ListEvents %v %v", name, got.Next, got.Prev, want.Next, want.Prev)
		}
		for i, g := range got.Events {
			w := want.Events[i]
			brief := models.Event{ID: w.ID, Slug: w.Slug, Title: w.Title, Summary: w.Summary, Type: w.Type, Status: w.Status,
				DateStart: w.DateStart, DateEnd: w.DateEnd, DatePrecision: w.DatePrecision, DateText: w.DateText, PlaceID: w.PlaceID}
			if !reflect.DeepEqual(g, brief) {
				t.Errorf("%s: event %d:\n got %+v\nwant %+v", name, w.ID, g, brief)
			}
		}
		// A search's page comes with the marks Highlights gives.
		if (got.Marks != nil) != (f.Query != "") {
			t.Errorf("%s: marks %v for the search %q", name, got.Marks != nil, f.Query)
		}
		if f.Query == "" {
			continue
		}
		ids := make([]int64, len(want.Events))
		for i, e := range want.Events {
			ids[i] = e.ID
		}
		hl, err := s.Highlights(ctx, ids, f.Query)
		if err != nil {
			t.Fatal(err)
		}
		if len(hl) == 0 {
			t.Errorf("%s: nothing marked: the test tests nothing", name)
		}
		for _, id := range ids {
			if !reflect.DeepEqual(got.Marks[id], hl[id]) {
				t.Errorf("%s: event %d marked %q, Highlights %q", name, id, got.Marks[id], hl[id])
			}
		}
	}
}

// Every page, forwards and backwards, holds what the plain query of the
// filter gives in the same order: pageQuery reads a search and the events
// in progress by their keys from covering indexes, then the table, and
// that must change no event, order or cursor.
func TestPagesMatchPlainQuery(t *testing.T) {
	ctx := context.Background()
	s := listFixture(t)
	for name, f := range map[string]models.Filter{
		"all":                 {},
		"window":              {From: day("2022-09-01"), To: day("2022-09-30")},
		"window open end":     {From: day("2024-03-10")},
		"window types":        {From: day("2022-09-01"), To: day("2023-03-31"), Types: []string{"protest", "arson"}},
		"search":              {Query: "protest"},
		"search rare":         {Query: "mobilization"},
		"search not":          {Query: "protest -kazan"},
		"search phrase or":    {Query: `"prisoner recruitment" or arson`},
		"search window":       {Query: "arson", From: day("2019-01-01"), To: day("2022-12-31")},
		"search window types": {Query: "kazan", From: day("2016-06-01"), Types: []string{"protest", "arson", "exodus"}},
		"search starting":     {Query: "protest", From: day("2019-01-01"), SkipOngoing: true},
		"places window":       {Places: []string{"Kazan"}, From: day("2020-01-01"), To: day("2023-01-01")},
	} {
		q := s.DB().Model(&models.Event{}).Select("id").Where("status = 'published'").Order("date_start, id")
		if f.Query != "" {
			q = q.Where("search @@ websearch_to_tsquery('english', ?)", f.Query)
		}
		if len(f.Types) > 0 {
			q = q.Where("type IN ?", f.Types)
		}
		if len(f.Places) > 0 {
			q = q.Where("place_id IN (SELECT id FROM places WHERE lower(name) = lower(?))", f.Places[0])
		}
		var want []int64
		if err := plainWindow(q, f).Pluck("id", &want).Error; err != nil {
			t.Fatal(err)
		}
		if len(want) < 40 && name != "search rare" {
			t.Fatalf("%s: %d events: the test pages through too few", name, len(want))
		}
		// Counted up to a limit, too, with the events of long texts.
		for _, limit := range []int{len(want) - 1, len(want), 1000} {
			got, err := s.CountUpTo(ctx, f, max(limit, 0))
			if err != nil {
				t.Fatal(err)
			}
			wantN, wantMore := min(len(want), max(limit, 0)), len(want) > limit
			if f.Query == "" && len(f.Places) == 0 { // from the kept counts, exactly
				wantN, wantMore = len(want), false
			}
			if got.N != wantN || got.More != wantMore {
				t.Errorf("%s up to %d: %d (more %v), want %d (more %v)", name, limit, got.N, got.More, wantN, wantMore)
			}
		}
		for _, list := range []struct {
			name string
			read func(context.Context, models.Filter) (models.Page, error)
		}{{"ListEvents", s.ListEvents}, {"ListEventsBrief", s.ListEventsBrief}} {
			// Forwards, a page after the other.
			var got []int64
			g := f
			g.Limit = 37
			for range 1000 {
				page, err := list.read(ctx, g)
				if err != nil {
					t.Fatalf("%s %s: %v", name, list.name, err)
				}
				for _, e := range page.Events {
					got = append(got, e.ID)
				}
				if page.Next == nil {
					break
				}
				last := page.Events[len(page.Events)-1]
				if *page.Next != (models.Cursor{Date: last.DateStart, ID: last.ID}) {
					t.Fatalf("%s %s: next %v after event %d of %v", name, list.name, *page.Next, last.ID, last.DateStart)
				}
				g.After = page.Next
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %s forwards: %d events\n%v\nwant %d\n%v", name, list.name, len(got), got, len(want), want)
			}
			// Backwards from past the end.
			got = nil
			g = f
			g.Limit = 41
			g.Before = &models.Cursor{Date: day("2999-01-01")}
			for range 1000 {
				page, err := list.read(ctx, g)
				if err != nil {
					t.Fatalf("%s %s: %v", name, list.name, err)
				}
				ids := make([]int64, len(page.Events))
				for i, e := range page.Events {
					ids[i] = e.ID
				}
				got = append(ids, got...)
				if page.Prev == nil {
					break
				}
				g.Before = page.Prev
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %s backwards: %d events, want %d", name, list.name, len(got), len(want))
			}
		}
	}
}
