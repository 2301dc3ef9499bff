package models_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"timeline/models"
	"timeline/pglocal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func newStore(t testing.TB) *models.Store {
	t.Helper()
	s, err := models.Open(context.Background(), pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func newEvent(key, typ, start, end string, status models.Status) models.NewEvent {
	return models.NewEvent{
		ImportKey: key, Title: "Event " + key, Summary: "Summary of " + key, Type: typ, Status: status,
		DateStart: day(start), DateEnd: day(end), Precision: models.PrecisionDay, Confidence: 0.9,
	}
}

// seed stores events and returns their ids by import key.
func seed(t *testing.T, s *models.Store, evs ...models.NewEvent) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := s.ImportEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	page, err := s.ListEvents(ctx, models.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Events {
		ids[e.Title[len("Event "):]] = e.ID
	}
	return ids
}

func TestImportEventsIsIdempotent(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	src := &models.Source{Title: "Report", Outlet: "Wire", Body: "body"}
	ev := newEvent("a", "protest", "2022-09-25", "2022-09-25", models.StatusPublished)
	ev.Place = &models.Place{Name: "Yakutsk", Kind: "city", CountryCode: "RU", Aliases: []string{"Якутск"}}
	ev.Actors = []models.Actor{{Name: "Kremlin"}}
	ev.Citations = []models.Citation{{Source: src, Quote: "women protested"}}
	for i, want := range []int{1, 0} {
		n, err := s.ImportEvents(ctx, []models.NewEvent{ev})
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("import %d: created %d, want %d", i, n, want)
		}
	}
	page, err := s.ListEvents(ctx, models.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(page.Events), 1; got != want {
		t.Fatalf("events = %d, want %d", got, want)
	}
	got, err := s.Event(ctx, page.Events[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Place == nil || got.Place.Name != "Yakutsk" || len(got.Place.Aliases) != 1 {
		t.Errorf("place = %+v", got.Place)
	}
	if len(got.Sources) != 1 || got.Sources[0].Quote != "women protested" || got.Sources[0].Source.Outlet != "Wire" {
		t.Errorf("sources = %+v", got.Sources)
	}
	if len(got.Actors) != 1 || got.Actors[0].Name != "Kremlin" {
		t.Errorf("actors = %+v", got.Actors)
	}
	if got.Slug != "event-a" || got.Version != 1 || got.PublishedAt == nil {
		t.Errorf("slug %q version %d published_at %v", got.Slug, got.Version, got.PublishedAt)
	}
}

func TestImportRejectsInvalidEventsAndStoresNothing(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	good := newEvent("good", "protest", "2022-09-25", "2022-09-25", models.StatusPublished)
	tests := map[string]func(*models.NewEvent){
		"end before start": func(e *models.NewEvent) { e.DateEnd = e.DateStart.AddDate(0, 0, -1) },
		"no title":         func(e *models.NewEvent) { e.Title = "" },
		"bad precision":    func(e *models.NewEvent) { e.Precision = "fortnight" },
		"unknown type":     func(e *models.NewEvent) { e.Type = "picnic" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			bad := newEvent("bad", "protest", "2022-09-25", "2022-09-25", models.StatusPublished)
			mutate(&bad)
			if _, err := s.ImportEvents(ctx, []models.NewEvent{good, bad}); err == nil {
				t.Fatal("import succeeded, want error")
			}
			if empty, err := s.Empty(ctx); err != nil || !empty {
				t.Errorf("empty = %v, %v: the good event must be rolled back too", empty, err)
			}
		})
	}
}

func TestListEventsFiltersAndPages(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	seed(t, s,
		newEvent("jul", "protest", "2022-07-11", "2022-07-20", models.StatusPublished),
		newEvent("sep", "mobilization", "2022-09-21", "2022-09-21", models.StatusPublished),
		newEvent("oct", "protest", "2022-10-01", "2022-10-01", models.StatusPublished),
		newEvent("draft", "protest", "2022-09-22", "2022-09-22", models.StatusDraft),
	)
	tests := []struct {
		name string
		f    models.Filter
		want []string
	}{
		{"all published, in order", models.Filter{}, []string{"jul", "sep", "oct"}},
		{"window overlaps a range", models.Filter{From: day("2022-07-15"), To: day("2022-09-21")}, []string{"jul", "sep"}},
		{"window after", models.Filter{From: day("2022-09-22")}, []string{"oct"}},
		{"type", models.Filter{Types: []string{"protest"}}, []string{"jul", "oct"}},
		{"search", models.Filter{Query: "summary sep"}, []string{"sep"}},
		{"search syntax", models.Filter{Query: `"summary of" -oct -jul`}, []string{"sep"}},
		{"nothing", models.Filter{Types: []string{"arson"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.ListEvents(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range page.Events {
				got = append(got, e.Title[len("Event "):])
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("cursor pages", func(t *testing.T) {
		var got []string
		f := models.Filter{Limit: 2}
		for pages := 0; pages < 5; pages++ {
			page, err := s.ListEvents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Events {
				got = append(got, e.Title[len("Event "):])
			}
			if page.Next == nil {
				break
			}
			c, err := models.ParseCursor(page.Next.String())
			if err != nil {
				t.Fatal(err)
			}
			f.After = &c
		}
		if want := "[jul sep oct]"; fmt.Sprint(got) != want {
			t.Errorf("paged %v, want %v", got, want)
		}
	})
}

func TestPublicEventFollowsStatus(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ids := seed(t, s,
		newEvent("keep", "protest", "2022-09-25", "2022-09-25", models.StatusPublished),
		newEvent("dup", "protest", "2022-09-25", "2022-09-25", models.StatusPublished),
		newEvent("bad", "protest", "2022-09-25", "2022-09-25", models.StatusPublished),
		newEvent("wip", "protest", "2022-09-25", "2022-09-25", models.StatusDraft),
	)
	if err := s.Merge(ctx, ids["dup"], 1, ids["keep"]); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, ids["bad"], 1, models.StatusRejected); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, ids["bad"], 1, models.StatusPublished); !errors.Is(err, models.ErrConflict) {
		t.Errorf("stale version: err = %v, want ErrConflict", err)
	}
	ev, err := s.PublicEvent(ctx, ids["dup"])
	if err != nil || ev.ID != ids["keep"] {
		t.Errorf("merged: got %v, %v; want event %d", ev, err, ids["keep"])
	}
	if _, err := s.PublicEvent(ctx, ids["bad"]); !errors.Is(err, models.ErrGone) {
		t.Errorf("rejected: err = %v, want ErrGone", err)
	}
	if _, err := s.PublicEvent(ctx, ids["wip"]); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("draft: err = %v, want ErrNotFound", err)
	}
	if _, err := s.PublicEvent(ctx, 999999); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown: err = %v, want ErrNotFound", err)
	}
}

func TestIngestIsIdempotentAndLinksSameHappening(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	ev := newEvent("", "arson", "2022-09-21", "2022-09-27", models.StatusDraft)
	ev.Citations = []models.Citation{{Quote: "offices torched"}}
	same := func(stored *models.Event, ev *models.NewEvent) bool { return stored.Type == ev.Type }

	first, err := s.Ingest(ctx, models.Source{Title: "A", Body: "article one"}, []models.NewEvent{ev}, same)
	if err != nil || first.Created != 1 {
		t.Fatalf("first ingest: %+v, %v", first, err)
	}
	again, err := s.Ingest(ctx, models.Source{Title: "A", Body: "article one"}, []models.NewEvent{ev}, same)
	if err != nil || !again.Existing || again.Created != 0 {
		t.Fatalf("same article again: %+v, %v", again, err)
	}
	other, err := s.Ingest(ctx, models.Source{Title: "B", Body: "article two"}, []models.NewEvent{ev}, same)
	if err != nil || other.Created != 0 || other.Linked != 1 {
		t.Fatalf("second article: %+v, %v", other, err)
	}
	if len(other.EventIDs) != 1 || other.EventIDs[0] != first.EventIDs[0] {
		t.Fatalf("linked %v, want %v", other.EventIDs, first.EventIDs)
	}
	id := first.EventIDs[0]
	page, err := s.ListEvents(ctx, models.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 0 {
		t.Errorf("drafts listed publicly: %d", len(page.Events))
	}
	if err := s.SetStatus(ctx, id, 1, models.StatusPublished); err != nil {
		t.Fatal(err)
	}
	got, err := s.Event(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 2 {
		t.Errorf("sources = %d, want 2 (one per article)", len(got.Sources))
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Women protest in Yakutsk":             "women-protest-in-yakutsk",
		"  Über-Straße: 17 offices torched!  ": "uber-strasse-17-offices-torched",
		"Якутск":                               "event",
		"":                                     "event",
		"<script>alert(1)</script>":            "script-alert-1-script",
		"Cite":                                 "cite-event",
		"a very long title that goes on and on and on and on and on and on and on and on": "a-very-long-title-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on",
	}
	for in, want := range tests {
		if got := models.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if got := models.Slugify(in); len(got) > 80 {
			t.Errorf("Slugify(%q) is %d bytes", in, len(got))
		}
	}
}

func TestDateWords(t *testing.T) {
	tests := []struct {
		start, end string
		p          models.Precision
		want       string
	}{
		{"2022-09-25", "2022-09-25", models.PrecisionDay, "25 September 2022"},
		{"2022-09-19", "2022-09-25", models.PrecisionWeek, "week of 19 September 2022"},
		{"2022-07-11", "2022-07-20", models.PrecisionMonthPart, "mid-July 2022"},
		{"2022-08-01", "2022-08-10", models.PrecisionMonthPart, "early August 2022"},
		{"2022-07-21", "2022-07-31", models.PrecisionMonthPart, "late July 2022"},
		{"2022-09-01", "2022-09-30", models.PrecisionMonth, "September 2022"},
		{"2022-06-01", "2022-08-31", models.PrecisionSeason, "summer 2022"},
		{"2024-01-01", "2024-06-30", models.PrecisionHalfYear, "first half of 2024"},
		{"2022-07-01", "2022-09-30", models.PrecisionQuarter, "Q3 2022"},
		{"2022-01-01", "2022-12-31", models.PrecisionYear, "2022"},
		{"2022-09-21", "2022-09-27", models.PrecisionRange, "21–27 September 2022"},
		{"2022-09-21", "2022-10-02", models.PrecisionRange, "21 September – 2 October 2022"},
		{"2022-09-20", "2022-09-27", models.PrecisionReported, "reported 27 September 2022"},
	}
	for _, tt := range tests {
		if got := models.DateWords(day(tt.start), day(tt.end), tt.p); got != tt.want {
			t.Errorf("DateWords(%s, %s, %s) = %q, want %q", tt.start, tt.end, tt.p, got, tt.want)
		}
	}
}

func FuzzParseCursor(f *testing.F) {
	f.Add(models.Cursor{Date: day("2022-09-25"), ID: 7}.String())
	f.Add("")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := models.ParseCursor(s)
		if err != nil {
			if !errors.Is(err, models.ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		if back, err := models.ParseCursor(c.String()); err != nil || back != c {
			t.Fatalf("round trip %v: %v, %v", c, back, err)
		}
	})
}

func TestConnectionsPlanPerExecution(t *testing.T) {
	s := newStore(t)
	var mode string
	if err := s.DB().Raw("SHOW plan_cache_mode").Scan(&mode).Error; err != nil {
		t.Fatal(err)
	}
	if mode != "force_custom_plan" {
		t.Errorf("plan_cache_mode = %q, want force_custom_plan", mode)
	}
}

// Paging backwards from any position gives the same events, in the same
// order, as paging forwards: with and without a window (whose events in
// progress come first), with a filter, across events of the same day.
func TestListEventsPagesBackwards(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	seed(t, s,
		newEvent("long", "protest", "2022-06-01", "2022-09-30", models.StatusPublished),
		newEvent("jul", "protest", "2022-07-11", "2022-07-20", models.StatusPublished),
		newEvent("aug1", "arson", "2022-08-07", "2022-08-07", models.StatusPublished),
		newEvent("aug2", "protest", "2022-08-07", "2022-08-07", models.StatusPublished),
		newEvent("aug3", "protest", "2022-08-07", "2022-08-07", models.StatusPublished),
		newEvent("sep", "mobilization", "2022-09-21", "2022-09-21", models.StatusPublished),
		newEvent("oct", "protest", "2022-10-01", "2022-10-01", models.StatusPublished),
		newEvent("draft", "protest", "2022-09-22", "2022-09-22", models.StatusDraft),
	)
	names := func(evs []models.Event) (out []string) {
		for _, e := range evs {
			out = append(out, e.Title[len("Event "):])
		}
		return out
	}
	for _, tt := range []struct {
		name string
		f    models.Filter
		want string
	}{
		{"everything", models.Filter{}, "[long jul aug1 aug2 aug3 sep oct]"},
		{"a window with an event in progress", models.Filter{From: day("2022-08-01")}, "[long aug1 aug2 aug3 sep oct]"},
		{"a type", models.Filter{Types: []string{"protest"}, To: day("2022-09-30")}, "[long jul aug2 aug3]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var fwd []string
			f := tt.f
			f.Limit = 2
			var last models.Cursor
			for range 10 {
				page, err := s.ListEvents(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				fwd = append(fwd, names(page.Events)...)
				if page.Next == nil {
					l := page.Events[len(page.Events)-1]
					last = models.Cursor{Date: l.DateStart, ID: l.ID + 1}
					break
				}
				f.After = page.Next
			}
			if fmt.Sprint(fwd) != tt.want {
				t.Fatalf("forwards %v, want %s", fwd, tt.want)
			}
			// Backwards from just after the last event, page by page.
			var back [][]string
			f = tt.f
			f.Limit = 2
			f.Before = &last
			for range 10 {
				page, err := s.ListEvents(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Events) == 0 || len(page.Events) > 2 {
					t.Fatalf("a page backwards holds %d events", len(page.Events))
				}
				if l := page.Events[len(page.Events)-1]; page.Next == nil || *page.Next != (models.Cursor{Date: l.DateStart, ID: l.ID}) {
					t.Errorf("a page backwards has next %v, want its last event", page.Next)
				}
				back = append([][]string{names(page.Events)}, back...)
				if page.Prev == nil {
					break
				}
				if first := page.Events[0]; *page.Prev != (models.Cursor{Date: first.DateStart, ID: first.ID}) {
					t.Errorf("prev %v is not the page's first event", page.Prev)
				}
				f.Before = page.Prev
			}
			var got []string
			for _, p := range back {
				got = append(got, p...)
			}
			if fmt.Sprint(got) != tt.want {
				t.Errorf("backwards %v, want %s", got, tt.want)
			}
		})
	}
}
