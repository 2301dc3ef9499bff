package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"timeline/models"
)

// ids lists the data-id of every event on a page, in order.
func pageIDs(d *goquery.Document) []string {
	var ids []string
	d.Find(`article[data-testid="event"]`).Each(func(_ int, s *goquery.Selection) { ids = append(ids, s.AttrOr("data-id", "")) })
	return ids
}

// addMany stores n published protests, perDay a day from 1 March 2022 on,
// so the chronology needs several pages.
func addMany(t *testing.T, f *fixture, n, perDay int) {
	t.Helper()
	src := &models.Source{Title: "Daily report", Outlet: "Example Wire", Body: "many", PublishedAt: ptr(day("2022-03-01"))}
	var evs []models.NewEvent
	for i := range n {
		d := day("2022-03-01").AddDate(0, 0, i/perDay)
		evs = append(evs, models.NewEvent{ImportKey: fmt.Sprintf("many-%d", i), Title: fmt.Sprintf("Rally number %d", i),
			Type: "protest", Status: models.StatusPublished, DateStart: d, DateEnd: d, Precision: models.PrecisionDay,
			Confidence: 1, Citations: []models.Citation{{Source: src, Quote: fmt.Sprintf("rally %d", i)}}})
	}
	if _, err := f.store.ImportEvents(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
}

// Without JavaScript the list pages both ways: "Later events" to the end,
// then "Earlier events" back to the start, through the same events in the
// same order, each page linking to its neighbours (and the first to none
// before it), with the response cache on.
func TestChronologyPagesBothWays(t *testing.T) {
	f := newFixture(t)
	addMany(t, f, 450, 3)
	all := func() []string {
		page, err := f.store.ListEvents(context.Background(), models.Filter{Limit: models.MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range page.Events {
			ids = append(ids, fmt.Sprint(e.ID))
		}
		return ids
	}()
	if len(all) != 453 {
		t.Fatalf("the fixture holds %d published events, want 453", len(all))
	}
	var pages [][]string
	target := "/"
	for range 10 {
		rec := f.get(t, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", target, rec.Code)
		}
		d := doc(t, rec)
		ids := pageIDs(d)
		pages = append(pages, ids)
		prev := d.Find(`[data-testid="prev-page"]`)
		if len(pages) == 1 && prev.Length() != 0 {
			t.Error("the first page offers earlier events")
		}
		if len(pages) > 1 && (prev.Length() != 1 || prev.AttrOr("rel", "") != "prev" || strings.TrimSpace(prev.Text()) != "Earlier events") {
			t.Errorf("page %d: no Earlier events link (%d)", len(pages), prev.Length())
		}
		next, ok := d.Find(`[data-testid="next-page"]`).Attr("href")
		if !ok {
			break
		}
		target = next
	}
	if got := slices.Concat(pages...); !slices.Equal(got, all) {
		t.Fatalf("forwards: %d events in %d pages, want the %d in order", len(got), len(pages), len(all))
	}
	if len(pages) != 3 {
		t.Errorf("%d pages, want 3 of at most 200", len(pages))
	}

	// Back from the last page.
	d := doc(t, f.get(t, target))
	var back [][]string
	for range 10 {
		href, ok := d.Find(`[data-testid="prev-page"]`).Attr("href")
		if !ok {
			break
		}
		u, err := url.Parse(href)
		if err != nil || u.Query().Get("before") == "" || u.Query().Get("cursor") != "" {
			t.Fatalf("earlier link %q", href)
		}
		rec := f.get(t, href)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", href, rec.Code)
		}
		d = doc(t, rec)
		ids := pageIDs(d)
		if len(ids) == 0 || len(ids) > 200 {
			t.Fatalf("a page backwards lists %d events", len(ids))
		}
		if d.Find(`[data-testid="next-page"]`).Length() != 1 {
			t.Error("a page backwards has no Later events link")
		}
		back = append([][]string{ids}, back...)
	}
	back = append(back, pages[len(pages)-1])
	if got := slices.Concat(back...); !slices.Equal(got, all) {
		t.Errorf("backwards: %d events in %d pages, want the %d in order", len(got), len(back), len(all))
	}
	if rec := f.get(t, "/?before=!!"); rec.Code != http.StatusBadRequest {
		t.Errorf("malformed before: %d, want 400", rec.Code)
	}
	c := models.Cursor{Date: day("2022-05-01"), ID: 1}.String()
	if rec := f.get(t, "/?before="+c+"&cursor="+c); rec.Code != http.StatusBadRequest {
		t.Errorf("before and cursor at once: %d, want 400", rec.Code)
	}
	// The API takes no before: it stays strict about what it does not read.
	if rec := f.get(t, "/api/v1/events?before="+c); rec.Code != http.StatusBadRequest {
		t.Errorf("API with before: %d, want 400", rec.Code)
	}
}

// A focus link opens the list at the event's month, but the reader's
// filters, and only they, stay in the form: no date they never typed. The
// page says where the list starts, offers the events before it and a way
// back to everything.
func TestFocusKeepsTheReadersFilters(t *testing.T) {
	f := newFixture(t)
	yak := fmt.Sprint(f.ids["yak"])
	for _, tt := range []struct {
		name, query string
		types       []string
		events      int
		earlier     bool
	}{
		{"no filters", "focus=" + yak, nil, 2, true},
		{"a type", "type=protest&focus=" + yak, []string{"protest"}, 1, false},
		{"a search", "q=yakutsk&focus=" + yak, nil, 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.get(t, "/?"+tt.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			d := doc(t, rec)
			for _, field := range []string{"from", "to"} {
				if v := d.Find(`input[name="`+field+`"]`).AttrOr("value", "missing"); v != "" {
					t.Errorf("the %s field holds %q, which the reader never typed", field, v)
				}
			}
			var checked []string
			d.Find(`input[name="type"][checked]`).Each(func(_ int, s *goquery.Selection) { checked = append(checked, s.AttrOr("value", "")) })
			if !slices.Equal(checked, tt.types) {
				t.Errorf("types checked %v, want %v", checked, tt.types)
			}
			if got := len(pageIDs(d)); got != tt.events {
				t.Errorf("%d events listed, want %d", got, tt.events)
			}
			if got := d.Find(`article[aria-current="true"]`).AttrOr("data-id", ""); got != yak {
				t.Errorf("focused article %q, want %s", got, yak)
			}
			count := d.Find(`[data-testid="result-count"]`).Text()
			if !strings.Contains(count, "from September 2022 on") {
				t.Errorf("count %q does not say where the list starts", count)
			}
			if href := d.Find(`[data-testid="show-everything"]`).AttrOr("href", ""); href != "/" {
				t.Errorf("Show everything links to %q, want /", href)
			}
			prev, ok := d.Find(`[data-testid="prev-page"]`).Attr("href")
			if ok != tt.earlier {
				t.Fatalf("earlier events link: %v, want %v", ok, tt.earlier)
			}
			// Neither the canonical link nor the page links put a date in the filters.
			canon := d.Find(`link[rel="canonical"]`).AttrOr("href", "")
			for _, u := range []string{canon, prev} {
				if strings.Contains(u, "from=") || strings.Contains(u, "to=") || strings.Contains(u, "focus=") {
					t.Errorf("link %q carries a window or the focus", u)
				}
			}
			if ok {
				ed := doc(t, f.get(t, prev))
				if got := pageIDs(ed); len(got) != 1 || got[0] != fmt.Sprint(f.ids["jul"]) {
					t.Errorf("earlier events: %v, want the July event", got)
				}
				if ed.Find(`[data-testid="next-page"]`).Length() != 1 {
					t.Error("the page before the focused month has no Later events link")
				}
			}
		})
	}
	// With a window of the reader's own, the window stays.
	d := doc(t, f.get(t, "/?from=2022-07-01&focus="+yak))
	if v := d.Find(`input[name="from"]`).AttrOr("value", ""); v != "2022-07-01" {
		t.Errorf("from = %q, want the reader's 2022-07-01", v)
	}
	if got := len(pageIDs(d)); got != 3 {
		t.Errorf("%d events from July, want 3", got)
	}
	if d.Find(`[data-testid="prev-page"]`).Length() != 0 {
		t.Error("a window of the reader's own offers earlier events")
	}
}

// An unknown type on the page is a notice naming the types by their names,
// and the page shows what the rest of the query asks for; the API refuses it.
func TestUnknownTypeOnThePage(t *testing.T) {
	f := newFixture(t)
	cats, err := f.store.Categories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query   string
		events  int
		checked []string
		says    string
	}{
		{"type=protests", 3, nil, "There is no event type “protests”, so the filter leaves it out."},
		{"type=protest&type=nope&type=", 1, []string{"protest"}, "There is no event type “nope”"},
		{"type=a,b", 3, nil, "There are no event types “a” and “b”, so the filter leaves them out."},
		{"type=" + url.QueryEscape(`<b>x</b>`), 3, nil, "“<b>x</b>”"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			rec := f.get(t, "/?"+tt.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", rec.Code)
			}
			if strings.Contains(rec.Body.String(), "<b>x</b>") {
				t.Error("the unknown type was written as HTML")
			}
			d := doc(t, rec)
			notice := d.Find(`[data-testid="type-notice"]`).Text()
			if !strings.Contains(notice, tt.says) {
				t.Errorf("notice %q, want it to say %q", notice, tt.says)
			}
			for _, c := range cats {
				if !strings.Contains(notice, c.Name) {
					t.Errorf("notice %q does not name %q", notice, c.Name)
				}
				if strings.Contains(c.Slug, "_") && strings.Contains(notice, c.Slug) {
					t.Errorf("notice %q shows the slug %q", notice, c.Slug)
				}
			}
			if got := len(pageIDs(d)); got != tt.events {
				t.Errorf("%d events, want %d", got, tt.events)
			}
			var checked []string
			d.Find(`input[name="type"][checked]`).Each(func(_ int, s *goquery.Selection) { checked = append(checked, s.AttrOr("value", "")) })
			if !slices.Equal(checked, tt.checked) {
				t.Errorf("types checked %v, want %v", checked, tt.checked)
			}
			if rec := f.get(t, "/api/v1/events?"+tt.query); rec.Code != http.StatusBadRequest {
				t.Errorf("API: %d, want 400", rec.Code)
			}
		})
	}
	if d := doc(t, f.get(t, "/?type=protest")); d.Find(`[data-testid="type-notice"]`).Length() != 0 {
		t.Error("a notice for a known type")
	}
}

// A reported event is dated by its report: the words, the datetime and the
// month it is listed under all give the report's day, even when its range
// opens in the month before, and it sits among the events of that day.
func TestReportedDatesAgree(t *testing.T) {
	f := newFixture(t)
	src := &models.Source{Title: "Weekly round-up", Outlet: "Example Wire", Body: "round-up", PublishedAt: ptr(day("2022-08-07"))}
	ev := func(key, start, end string, p models.Precision) models.NewEvent {
		return models.NewEvent{ImportKey: key, Title: "Event " + key, Type: "refusal", Status: models.StatusPublished,
			DateStart: day(start), DateEnd: day(end), Precision: p, Confidence: 1,
			Citations: []models.Citation{{Source: src, Quote: "quote " + key}}}
	}
	if _, err := f.store.ImportEvents(context.Background(), []models.NewEvent{
		ev("reported", "2022-07-31", "2022-08-07", models.PrecisionReported),
		ev("jul31", "2022-07-31", "2022-07-31", models.PrecisionDay),
		ev("aug1", "2022-08-01", "2022-08-01", models.PrecisionDay),
		ev("aug9", "2022-08-09", "2022-08-09", models.PrecisionDay),
		ev("q3", "2022-07-01", "2022-09-30", models.PrecisionQuarter),
	}); err != nil {
		t.Fatal(err)
	}
	type row struct{ month, datetime, words, title string }
	rows := func(d *goquery.Document) (out []row) {
		d.Find("li.month").Each(func(_ int, m *goquery.Selection) {
			m.Find(`article[data-testid="event"]`).Each(func(_ int, a *goquery.Selection) {
				tm := a.Find(`[data-testid="event-date"]`)
				out = append(out, row{strings.TrimPrefix(m.AttrOr("id", ""), "m-") + " " + m.Find("h2").Text(),
					tm.AttrOr("datetime", ""), tm.Text(), a.Find(`[data-testid="event-link"]`).Text()})
			})
		})
		return out
	}
	d := doc(t, f.get(t, "/?from=2022-07-25&to=2022-08-31&type=refusal"))
	got := rows(d)
	want := []row{
		{"2022-07 July 2022", "2022", "Q3 2022", "Event q3"},
		{"2022-07 July 2022", "2022-07-31", "31 July 2022", "Event jul31"},
		{"2022-08 August 2022", "2022-08-01", "1 August 2022", "Event aug1"},
		{"2022-08 August 2022", "2022-08-07", "reported 7 August 2022", "Event reported"},
		{"2022-08 August 2022", "2022-08-09", "9 August 2022", "Event aug9"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("list:\n got %q\nwant %q", got, want)
	}
	// Every dated-to-the-day event of the page is under the month its datetime names.
	for _, r := range rows(doc(t, f.get(t, "/"))) {
		if len(r.datetime) == 10 && !strings.HasPrefix(r.month, r.datetime[:7]) {
			t.Errorf("%s: datetime %s under %s", r.title, r.datetime, r.month)
		}
	}
	// A focus link opens the list at the report's month.
	page, err := f.store.ListEvents(context.Background(), models.Filter{Query: "reported"})
	if err != nil || len(page.Events) != 1 {
		t.Fatalf("the reported event: %v, %d found", err, len(page.Events))
	}
	id := page.Events[0].ID
	d = doc(t, f.get(t, fmt.Sprintf("/?focus=%d", id)))
	if !strings.Contains(d.Find(`[data-testid="result-count"]`).Text(), "from August 2022 on") {
		t.Errorf("focused on a report of 7 August, the list says %q", d.Find(`[data-testid="result-count"]`).Text())
	}
	for _, r := range rows(d) {
		if r.title == "Event reported" && !strings.HasPrefix(r.month, "2022-08") {
			t.Errorf("the focused reported event is under %s", r.month)
		}
	}
	if got := d.Find(`article[aria-current="true"] [data-testid="event-date"]`).AttrOr("datetime", ""); got != "2022-08-07" {
		t.Errorf("focused reported event's datetime = %q", got)
	}
}

// A focused event deep in a month of more than a page is on the page the
// link opens: the page starts at it, with the month's earlier events a
// click away.
func TestFocusDeepInABusyMonth(t *testing.T) {
	f := newFixture(t)
	addMany(t, f, 300, 10) // 1 to 30 March 2022, and the fixture's 3 later events
	page, err := f.store.ListEvents(context.Background(), models.Filter{Query: "number 280", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, e := range page.Events {
		if e.Title == "Rally number 280" {
			id = e.ID
		}
	}
	if id == 0 {
		t.Fatal("no rally 280")
	}
	d := doc(t, f.get(t, fmt.Sprintf("/?focus=%d", id)))
	ids := pageIDs(d)
	if len(ids) == 0 || ids[0] != fmt.Sprint(id) {
		t.Fatalf("the page starts at %v, want the focused event %d", ids[:min(3, len(ids))], id)
	}
	if got := d.Find(`article[aria-current="true"]`).AttrOr("data-id", ""); got != fmt.Sprint(id) {
		t.Errorf("focused article %q", got)
	}
	count := d.Find(`[data-testid="result-count"]`).Text()
	if !strings.Contains(count, "303 events from March 2022 on; this page lists") {
		t.Errorf("count %q", count)
	}
	prev, ok := d.Find(`[data-testid="prev-page"]`).Attr("href")
	if !ok {
		t.Fatal("no Earlier events link")
	}
	if got := pageIDs(doc(t, f.get(t, prev))); len(got) != 200 {
		t.Errorf("the page before lists %d events, want 200", len(got))
	}
}
