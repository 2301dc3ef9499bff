package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"timeline/demo"
	"timeline/models"
	"timeline/pglocal/pgtest"
	"timeline/server"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type fixture struct {
	store *models.Store
	h     http.Handler
	ids   map[string]int64
}

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// newFixture serves a small chronology: published events in two months,
// a draft, a rejected and a merged event.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	src := &models.Source{Title: "Protests spread", Outlet: "Example Wire", Body: "x",
		PublishedAt: ptr(day("2022-09-27"))}
	ev := func(key, title, typ, start, end string, p models.Precision, status models.Status) models.NewEvent {
		return models.NewEvent{ImportKey: key, Title: title, Summary: "About " + title, Type: typ,
			Status: status, DateStart: day(start), DateEnd: day(end), Precision: p, Confidence: 1,
			Citations: []models.Citation{{Source: src, Quote: "quoted " + key}}}
	}
	yak := ev("yak", "Women protest in Yakutsk", "protest", "2022-09-25", "2022-09-25", models.PrecisionDay, models.StatusPublished)
	yak.Place = &models.Place{Name: "Yakutsk", Kind: "city", CountryCode: "RU"}
	yak.Actors = []models.Actor{{Name: "Mothers' Council", Kind: "organisation"}}
	evs := []models.NewEvent{
		ev("jul", "Soldiers quit contracts", "refusal", "2022-07-11", "2022-07-20", models.PrecisionMonthPart, models.StatusPublished),
		yak,
		ev("xss", `<script>alert("x")</script> & friends`, "arson", "2022-09-21", "2022-09-27", models.PrecisionRange, models.StatusPublished),
		ev("draft", "Unreviewed draft", "protest", "2022-09-26", "2022-09-26", models.PrecisionDay, models.StatusDraft),
		ev("rej", "Rejected claim", "protest", "2022-09-26", "2022-09-26", models.PrecisionDay, models.StatusPublished),
		ev("dup", "Duplicate of Yakutsk", "protest", "2022-09-25", "2022-09-25", models.PrecisionDay, models.StatusPublished),
	}
	if _, err := store.ImportEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i := int64(1); i <= int64(len(evs)); i++ {
		e, err := store.Event(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		ids[strings.TrimPrefix(*e.ImportKey, "")] = e.ID
	}
	if err := store.SetStatus(ctx, ids["rej"], 1, models.StatusRejected); err != nil {
		t.Fatal(err)
	}
	if err := store.Merge(ctx, ids["dup"], 1, ids["yak"]); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := server.New(store, log, server.Config{BaseURL: "https://timeline.test", BodyLimit: "1K"})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{store: store, h: e, ids: ids}
}

func ptr[T any](v T) *T { return &v }

func (f *fixture) get(t *testing.T, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

func doc(t *testing.T, rec *httptest.ResponseRecorder) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestChronology(t *testing.T) {
	f := newFixture(t)
	rec := f.get(t, "/")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	d := doc(t, rec)
	var titles []string
	d.Find(`[data-testid="event-link"]`).Each(func(_ int, s *goquery.Selection) { titles = append(titles, s.Text()) })
	want := []string{"Soldiers quit contracts", `<script>alert("x")</script> & friends`, "Women protest in Yakutsk"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("titles = %q, want %q (published only, in date order)", titles, want)
	}
	if got := d.Find("ol.chronology > li.month h2").Length(); got != 2 {
		t.Errorf("month groups = %d, want 2", got)
	}
	yak := d.Find(`article[data-testid="event"]`).Last()
	if got := yak.Find("time").AttrOr("datetime", ""); got != "2022-09-25" {
		t.Errorf("datetime = %q", got)
	}
	if got := yak.Find(`[data-testid="event-date"]`).Text(); got != "25 September 2022" {
		t.Errorf("date words = %q", got)
	}
	if got := yak.Find(`[data-testid="event-place"]`).Text(); got != "Yakutsk" {
		t.Errorf("place = %q", got)
	}
	if got := d.Find(`[data-testid="event-date"]`).First().Text(); got != "mid-July 2022" {
		t.Errorf("first date = %q, want mid-July 2022", got)
	}
	if href := yak.Find(`[data-testid="event-link"]`).AttrOr("href", ""); href != "/events/2/women-protest-in-yakutsk" {
		t.Errorf("link = %q", href)
	}
	if strings.Contains(rec.Body.String(), "<script>alert") {
		t.Error("a title was rendered as HTML")
	}
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
}

func TestChronologyWindowAndFilters(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		target string
		want   int
	}{
		{"/?from=2022-09-01&to=2022-09-30", 2},
		{"/?from=2022-09&to=2022-09", 2},
		{"/?to=2022-07", 1},
		{"/?type=refusal", 1},
		{"/?type=refusal&type=protest", 2},
		{"/?place=Yakutsk", 1},
		{"/?place=Yakutsk&place=Nowhere", 1},
		{"/?place=Nowhere", 0},
		{"/?actor=Mothers%27+Council", 1},
		{"/?actor=Nobody,+Mothers%27+Council", 1},
		{"/?actor=Nobody", 0},
		{"/?actor=mothers%27+council&place=yakutsk", 1},
		{"/?q=yakutsk", 1},
		{"/?q=" + strings.Repeat("x", 200), 0},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := f.get(t, tt.target)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			if got := doc(t, rec).Find(`[data-testid="event"]`).Length(); got != tt.want {
				t.Errorf("events = %d, want %d", got, tt.want)
			}
		})
	}

	// The form shows the filters it was sent, and suggests the names it knows.
	d := doc(t, f.get(t, "/?place=Yakutsk&actor=Mothers%27+Council,+Nobody"))
	if got := d.Find(`input[name=place][checked]`).AttrOr("value", ""); got != "Yakutsk" {
		t.Errorf("checked place = %q", got)
	}
	if _, open := d.Find(`[data-testid=place-filter]`).Attr("open"); !open {
		t.Error("the place choices are folded although one is chosen")
	}
	if got := d.Find(`#f-actor`).AttrOr("value", ""); got != "Mothers' Council, Nobody" {
		t.Errorf("actor field = %q", got)
	}
	if got := d.Find(`datalist#f-actors option`).AttrOr("value", ""); got != "Mothers' Council" {
		t.Errorf("actor suggestion = %q", got)
	}
}

// The count line says how many events the view holds, on every page of it.
func TestChronologyCounts(t *testing.T) {
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.BulkInsert(ctx, demo.Synthetic(1500, 3)); err != nil {
		t.Fatal(err)
	}
	e, err := server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{BaseURL: "https://timeline.test"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(target string) *goquery.Document {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", target, rec.Code)
		}
		return doc(t, rec)
	}
	count := func(d *goquery.Document) string {
		return strings.Join(strings.Fields(d.Find(`[data-testid=result-count]`).Text()), " ")
	}
	d := get("/")
	if got, want := count(d), "1,500 events in this view; the list shows the first 200."; got != want {
		t.Errorf("first page: %q, want %q", got, want)
	}
	next := d.Find(`[data-testid=next-page]`).AttrOr("href", "")
	if got := count(get(next)); !strings.HasPrefix(got, "1,500 events in this view; this page lists 200 of them.") {
		t.Errorf("second page: %q", got)
	}
	// A filter's count is the filter's, through the kept counts or not.
	n, err := store.Count(ctx, models.Filter{Types: []string{"protest"}, From: day("2022-09-01"), To: day("2022-09-30")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := count(get("/?type=protest&from=2022-09&to=2022-09")), fmt.Sprintf("%d events in this view", n); !strings.HasPrefix(got, want) {
		t.Errorf("protests in September 2022: %q, want it to start %q", got, want)
	}
	if got := count(get("/?q=nothing-matches-this")); !strings.HasPrefix(got, "No events in this view.") {
		t.Errorf("no match: %q", got)
	}
	// A search is counted up to 1,000 and says so past it; below, exactly.
	d = get("/?q=synthetic")
	if got, want := count(d), "More than 1,000 events in this view; the list shows the first 200."; !strings.HasPrefix(got, want) {
		t.Errorf("a search matching all 1,500: %q, want it to start %q", got, want)
	}
	if got := count(get(d.Find(`[data-testid=next-page]`).AttrOr("href", ""))); !strings.HasPrefix(got, "More than 1,000 events in this view; this page lists 200 of them.") {
		t.Errorf("its second page: %q", got)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/cite?format=bibtex&q=synthetic", nil))
	if !strings.Contains(rec.Body.String(), "more than 1,000 events") {
		t.Errorf("the citation of a search past the count's limit:\n%s", rec.Body.String())
	}
	n, err = store.Count(ctx, models.Filter{Query: "protest"})
	if err != nil {
		t.Fatal(err)
	}
	if n < 2 || n > 1000 {
		t.Fatalf("%d protests: the test needs between 2 and 1,000", n)
	}
	if got, want := count(get("/?q=protest")), fmt.Sprintf("%d events in this view", n); !strings.HasPrefix(got, want) {
		t.Errorf("a search below the limit: %q, want it to start %q", got, want)
	}
	// The timeline's script redraws that line from the histogram: its exact
	// total, and the cap, where the page stops counting (static/js/list.js).
	hist := func(target string) (h struct {
		Total    int  `json:"total"`
		CountCap *int `json:"count_cap"`
	}) {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", target, rec.Code)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &h); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		return h
	}
	for _, tt := range []struct {
		target string
		total  int
		capped bool
	}{
		{"/api/v1/histogram?q=synthetic", 1500, true},
		{"/api/v1/histogram?q=protest", n, true},
		{"/api/v1/histogram", 1500, false},
		{"/api/v1/histogram?type=protest", -1, false},
	} {
		h := hist(tt.target)
		if tt.total >= 0 && h.Total != tt.total {
			t.Errorf("%s: total %d, want %d", tt.target, h.Total, tt.total)
		}
		switch {
		case tt.capped && (h.CountCap == nil || *h.CountCap != 1000):
			t.Errorf("%s: count_cap %v, want 1000 (the page counts a search up to 1,000)", tt.target, h.CountCap)
		case !tt.capped && h.CountCap != nil:
			t.Errorf("%s: count_cap %d, want none (the page counts types exactly)", tt.target, *h.CountCap)
		}
	}
}

func TestBadInput(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		target string
		status int
		says   string
	}{
		{"/?from=yesterday", 400, "not a date"},
		{"/?from=2022-13-01", 400, "not a date"},
		{"/?from=2022-10-01&to=2022-09-01", 400, "is after"},
		{"/?type=picnic", 200, "There is no event type “picnic”"}, // the page says so; see TestUnknownTypeOnThePage
		{"/api/v1/events?type=picnic", 400, "not an event type"},
		{"/?before=bm9wZQ", 400, "before"},
		{"/?q=" + strings.Repeat("x", 10000), 400, "limited to"},
		{"/?cursor=%%%", 400, ""},
		{"/?cursor=bm9wZQ", 400, "cursor"},
		{"/events/abc", 404, "no published event"},
		{"/events/0", 404, ""},
		{"/events/99999999999999999999999", 404, ""},
		{"/events/424242", 404, ""},
		{"/nowhere", 404, ""},
		{"/api/v1/nowhere", 404, `"status":404`},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := f.get(t, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if !strings.Contains(rec.Body.String(), tt.says) {
				t.Errorf("body does not say %q:\n%.400s", tt.says, rec.Body.String())
			}
		})
	}
}

func TestEventPermalink(t *testing.T) {
	f := newFixture(t)
	yak := f.ids["yak"]
	canonical := "/events/2/women-protest-in-yakutsk"
	redirects := map[string]string{
		"/events/2":                           canonical,
		"/events/2/old-title":                 canonical,
		"/events/2/women-protest-in-yakutsk/": canonical, // trailing slash
		"/events/6":                           canonical, // merged into 2
		"/events/6/duplicate-of-yakutsk":      canonical,
	}
	if yak != 2 || f.ids["dup"] != 6 {
		t.Fatalf("fixture ids moved: %v", f.ids)
	}
	for from, to := range redirects {
		rec := f.get(t, from)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != to {
			t.Errorf("%s: %d → %q, want 301 → %q", from, rec.Code, rec.Header().Get("Location"), to)
		}
	}
	rec := f.get(t, canonical)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	d := doc(t, rec)
	checks := map[string]string{
		`[data-testid="event-title"]`: "Women protest in Yakutsk",
		`[data-testid="event-date"]`:  "25 September 2022",
		`[data-testid="event-type"]`:  "Protest",
		`[data-testid="event-place"]`: "Yakutsk",
		`[data-testid="permalink"]`:   "https://timeline.test" + canonical,
	}
	for sel, want := range checks {
		if got := strings.TrimSpace(d.Find(sel).First().Text()); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	// The place and the actors lead to every event sharing them.
	for sel, want := range map[string]string{
		`[data-testid="event-place"]`:    "/?place=Yakutsk",
		`[data-testid="event-actors"] a`: "/?actor=Mothers%27+Council",
	} {
		if got := d.Find(sel).First().AttrOr("href", ""); got != want {
			t.Errorf("%s links to %q, want %q", sel, got, want)
		}
	}
	// The fixture's citations have no offsets in a stored body, so they are
	// shown as paraphrases, never as quotes.
	if got := d.Find(`[data-testid="source-quote"]`).Length(); got != 0 {
		t.Errorf("%d paraphrases dressed as quotes", got)
	}
	if got := d.Find(`[data-testid="source-paraphrase"]`).Text(); !strings.Contains(got, "quoted yak") {
		t.Errorf("paraphrase = %q", got)
	}
	if got := d.Find(`link[rel="canonical"]`).AttrOr("href", ""); got != "https://timeline.test"+canonical {
		t.Errorf("canonical link = %q", got)
	}

	if rec := f.get(t, "/events/5/rejected-claim"); rec.Code != http.StatusGone {
		t.Errorf("rejected: status %d, want 410", rec.Code)
	} else if !strings.Contains(rec.Body.String(), "withdrawn") {
		t.Error("410 page does not say the event was withdrawn")
	}
	if rec := f.get(t, "/events/4"); rec.Code != http.StatusNotFound {
		t.Errorf("draft: status %d, want 404", rec.Code)
	}
}

func TestOperations(t *testing.T) {
	f := newFixture(t)
	if rec := f.get(t, "/healthz"); rec.Code != 200 {
		t.Errorf("healthz %d", rec.Code)
	}
	if rec := f.get(t, "/readyz"); rec.Code != 200 {
		t.Errorf("readyz %d", rec.Code)
	}
	rec := f.get(t, "/categories.css")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), ".cat-protest{--cat:#") {
		t.Errorf("categories.css: %d %.200s", rec.Code, rec.Body.String())
	}
	// The stylesheet is linked under a hashed name and cached for a year.
	css := doc(t, f.get(t, "/")).Find(`link[rel="stylesheet"]`).First().AttrOr("href", "")
	if !strings.HasPrefix(css, "/static/css/app.") {
		t.Fatalf("stylesheet href %q", css)
	}
	rec = f.get(t, css)
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("asset %s: %d, Cache-Control %q", css, rec.Code, rec.Header().Get("Cache-Control"))
	}
	if rec := f.get(t, "/static/css/nope.css"); rec.Code != 404 {
		t.Errorf("missing asset: %d", rec.Code)
	}

	big := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", 4096)))
	big.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	f.h.ServeHTTP(rec, big)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", rec.Code)
	}

	// Readiness follows the database; liveness does not.
	f.store.Close()
	if rec := f.get(t, "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d, want 503", rec.Code)
	}
	if rec := f.get(t, "/healthz"); rec.Code != 200 {
		t.Errorf("healthz with the database closed: %d", rec.Code)
	}
}

func TestFocusWithoutJavaScript(t *testing.T) {
	f := newFixture(t)
	d := doc(t, f.get(t, "/?focus=2"))
	if got := d.Find(`[data-testid="event"]`).Length(); got != 2 {
		t.Errorf("events from the focused month on = %d, want 2", got)
	}
	focused := d.Find(`article[aria-current="true"]`)
	if focused.Length() != 1 || focused.AttrOr("data-id", "") != "2" || !focused.HasClass("is-focused") {
		t.Errorf("focused article: %d found, id %q", focused.Length(), focused.AttrOr("data-id", ""))
	}
	if rec := f.get(t, "/?focus=424242"); rec.Code != 200 {
		t.Errorf("unknown focus: %d, want 200 (ignored)", rec.Code)
	}
	if rec := f.get(t, "/?focus=abc"); rec.Code != 400 {
		t.Errorf("non-numeric focus: %d, want 400", rec.Code)
	}
}

// A search marks the words it matched, in the page and in the API, and the
// marks are text like the rest: a title made of HTML stays escaped.
func TestSearchMarksMatches(t *testing.T) {
	f := newFixture(t)
	d := doc(t, f.get(t, "/?q=yakutsk+OR+friends"))
	var marks []string
	d.Find(`[data-testid=chronology] mark`).Each(func(_ int, s *goquery.Selection) { marks = append(marks, s.Text()) })
	// Each word is in a title and in its summary ("About …").
	if strings.Join(marks, "|") != "friends|friends|Yakutsk|Yakutsk" {
		t.Errorf("marked words = %q, want friends and Yakutsk, twice each", marks)
	}
	if got := d.Find(`[data-testid=event-link]`).First().Text(); got != `<script>alert("x")</script> & friends` {
		t.Errorf("marked title reads %q", got)
	}
	if d.Find(`[data-testid=chronology] script`).Length() > 0 {
		t.Error("a title became a script element")
	}

	rec := f.get(t, "/api/v1/events?q=yakutsk")
	got := decode[struct {
		Events []struct {
			Marks *struct{ Title, Summary []string } `json:"marks"`
		} `json:"events"`
	}](t, rec.Body.String())
	if len(got.Events) != 1 || got.Events[0].Marks == nil {
		t.Fatalf("API answer: %s", rec.Body.String())
	}
	if m := got.Events[0].Marks; strings.Join(m.Title, "|") != "Women protest in |Yakutsk|" {
		t.Errorf("API title marks = %q", m.Title)
	}
	if rec := f.get(t, "/api/v1/events"); strings.Contains(rec.Body.String(), `"marks"`) {
		t.Error("marks without a search")
	}
}

// The page names every module the script imports, so the browser fetches
// them in one round; each of them is served.
func TestModulePreloads(t *testing.T) {
	f := newFixture(t)
	d := doc(t, f.get(t, "/"))
	var hrefs []string
	d.Find(`link[rel=modulepreload]`).Each(func(_ int, s *goquery.Selection) { hrefs = append(hrefs, s.AttrOr("href", "")) })
	if !slices.Contains(hrefs, "/static/js/timeline.js") || slices.Contains(hrefs, "/static/js/main.js") {
		t.Errorf("module preloads = %q: want the imported modules, not the entry", hrefs)
	}
	for _, h := range hrefs {
		rec := f.get(t, h)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "javascript") {
			t.Errorf("%s: %d %q", h, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
}
