package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	ical "github.com/emersion/go-ical"
	"github.com/labstack/echo/v4"

	"log/slog"

	"timeline/demo"
	"timeline/models"
	"timeline/pglocal/pgtest"
	"timeline/server"
)

// journalistFixture is the small fixture plus an event with everything an
// export must carry: coordinates, a source with a URL, actors, and text
// that needs quoting in every format.
type journalistFixture struct {
	*fixture
	full int64 // the event with everything
}

const trickyTitle = `Protest in Москва; "quoted", and a comma — then a very long tail of words that forces folding`

func newJournalistFixture(t *testing.T) *journalistFixture {
	t.Helper()
	f := newFixture(t)
	// These tests ask for every export of many views in a row: the rate
	// limits have tests of their own (ratelimit_test.go).
	e, err := server.New(f.store, slog.New(slog.NewTextHandler(io.Discard, nil)),
		server.Config{BaseURL: "https://timeline.test", BodyLimit: "1K", RateLimits: server.RateLimits{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	f.h = e
	ctx := context.Background()
	lat, lon := 55.7558, 37.6173
	body := "Police detained dozens of protesters in Moscow on 24 September."
	start := strings.Index(body, "Police detained")
	end := len(body)
	ev := models.NewEvent{ImportKey: "full", Title: trickyTitle,
		Summary: "Line one, with a comma;\nline two with \\ backslash and <b>tags</b>.",
		Type:    "protest", Status: models.StatusPublished, DateStart: day("2022-09-24"), DateEnd: day("2022-09-24"),
		Precision: models.PrecisionDay, Confidence: 1,
		Place:  &models.Place{Name: "Moscow", Kind: "city", CountryCode: "RU", Lat: &lat, Lon: &lon},
		Actors: []models.Actor{{Name: "OVD-Info", Kind: "organisation"}, {Name: "Mothers' Council", Kind: "organisation"}},
		Citations: []models.Citation{{
			Source: &models.Source{Title: "Dozens detained", Outlet: "Example Times", Body: body,
				URL: ptr("https://example.org/detained?id=1&x=2"), PublishedAt: ptr(day("2022-09-25"))},
			Quote: body[start:end], QuoteStart: &start, QuoteEnd: &end,
		}},
	}
	month := models.NewEvent{ImportKey: "month", Title: "Recruitment all month", Type: "recruitment",
		Status: models.StatusPublished, DateStart: day("2022-10-01"), DateEnd: day("2022-10-31"),
		Precision: models.PrecisionMonth, Confidence: 1}
	if _, err := f.store.ImportEvents(ctx, []models.NewEvent{ev, month}); err != nil {
		t.Fatal(err)
	}
	var id int64
	for i := int64(1); i < 20; i++ {
		e, err := f.store.Event(ctx, i)
		if err == nil && e.ImportKey != nil && *e.ImportKey == "full" {
			id = e.ID
		}
	}
	if id == 0 {
		t.Fatal("the full event was not stored")
	}
	return &journalistFixture{fixture: f, full: id}
}

// The views every export is checked on: each with its own count.
var exportViews = []string{
	"",
	"type=protest",
	"type=protest&type=arson",
	"from=2022-09&to=2022-09",
	"from=2022-09-22&ongoing=skip",
	"place=Moscow",
	"actor=OVD-Info",
	"q=protest",
	"to=2022-07",
	"q=nothing-matches-this",
}

// chronologyTotal reads how many events the chronology says the view holds.
func chronologyTotal(t *testing.T, f *fixture, query string) int {
	t.Helper()
	rec := f.get(t, "/?"+query)
	if rec.Code != http.StatusOK {
		t.Fatalf("/?%s: status %d", query, rec.Code)
	}
	text := strings.TrimSpace(doc(t, rec).Find(`[data-testid=result-count]`).Text())
	if strings.HasPrefix(text, "No events") {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(strings.Fields(text)[0], ",", ""))
	if err != nil {
		t.Fatalf("/?%s: count %q: %v", query, text, err)
	}
	return n
}

func TestExportsHoldExactlyTheView(t *testing.T) {
	f := newJournalistFixture(t)
	for _, q := range exportViews {
		t.Run(q, func(t *testing.T) {
			want := chronologyTotal(t, f.fixture, q)
			counts := map[string]int{
				"csv":        len(readCSV(t, f.get(t, "/export/events.csv?"+q))) - 1,
				"json":       len(readJSON(t, f.get(t, "/export/events.json?"+q)).Events),
				"geojson":    len(readGeoJSON(t, f.get(t, "/export/events.geojson?"+q)).Features),
				"timelinejs": len(readTimelineJS(t, f.get(t, "/export/timelinejs.json?"+q)).Events),
				"ics":        len(readICS(t, f.get(t, "/export/events.ics?"+q)).Events()),
			}
			for format, got := range counts {
				if got != want {
					t.Errorf("%s holds %d events, the chronology %d", format, got, want)
				}
			}
		})
	}
}

func readCSV(t *testing.T, rec *httptest.ResponseRecorder) [][]string {
	t.Helper()
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	return rows
}

type exportJSON struct {
	Licence     string `json:"licence"`
	Attribution string `json:"attribution"`
	Source      string `json:"source"`
	Count       int    `json:"count"`
	Events      []struct {
		ID        int64  `json:"id"`
		URL       string `json:"url"`
		Title     string `json:"title"`
		Summary   string `json:"summary"`
		Start     string `json:"start"`
		End       string `json:"end"`
		Precision string `json:"precision"`
		DateWords string `json:"date_words"`
		Place     string `json:"place"`
		Lat, Lon  *float64
		Actors    []string `json:"actors"`
		Sources   []struct {
			Outlet, Title, URL, Published, Quote string
			Archive                              string `json:"archive_url"`
			Verbatim                             bool   `json:"quote_verbatim"`
		} `json:"sources"`
		Updated string `json:"updated"`
		Version int    `json:"version"`
	} `json:"events"`
}

func readJSON(t *testing.T, rec *httptest.ResponseRecorder) exportJSON {
	t.Helper()
	var out exportJSON
	dec := json.NewDecoder(rec.Body)
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("json: %v", err)
	}
	if out.Count != len(out.Events) {
		t.Errorf("json: count %d but %d events", out.Count, len(out.Events))
	}
	if out.Licence != "CC BY 4.0" || !strings.Contains(out.Attribution, "Timeline") {
		t.Errorf("json: licence %q, attribution %q", out.Licence, out.Attribution)
	}
	return out
}

type geoJSON struct {
	Type     string `json:"type"`
	Licence  string `json:"licence"`
	Features []struct {
		Type     string          `json:"type"`
		ID       json.RawMessage `json:"id"`
		Geometry *struct {
			Type        string    `json:"type"`
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// readGeoJSON checks the RFC 7946 rules an export must keep: a
// FeatureCollection of Features, each with a geometry member that is null
// or a Point of [longitude, latitude] in range.
func readGeoJSON(t *testing.T, rec *httptest.ResponseRecorder) geoJSON {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/geo+json") {
		t.Errorf("geojson: content type %q", ct)
	}
	raw := rec.Body.Bytes()
	var g geoJSON
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatalf("geojson: %v", err)
	}
	if g.Type != "FeatureCollection" || g.Licence == "" {
		t.Errorf("geojson: type %q, licence %q", g.Type, g.Licence)
	}
	// Every feature has a geometry member, even when null.
	var members struct {
		Features []map[string]json.RawMessage `json:"features"`
	}
	json.Unmarshal(raw, &members)
	for i, m := range members.Features {
		if _, ok := m["geometry"]; !ok {
			t.Errorf("geojson: feature %d has no geometry member", i)
		}
	}
	for _, ft := range g.Features {
		if ft.Type != "Feature" {
			t.Errorf("geojson: feature type %q", ft.Type)
		}
		if ft.Geometry == nil {
			continue
		}
		c := ft.Geometry.Coordinates
		if ft.Geometry.Type != "Point" || len(c) != 2 || c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 {
			t.Errorf("geojson: geometry %+v is not a Point of [lon, lat]", ft.Geometry)
		}
	}
	return g
}

type tljsDate struct {
	Year  *int `json:"year"`
	Month *int `json:"month"`
	Day   *int `json:"day"`
}

type timelineJS struct {
	Title *struct {
		Text struct{ Headline, Text string } `json:"text"`
	} `json:"title"`
	Events []struct {
		UniqueID    string    `json:"unique_id"`
		StartDate   *tljsDate `json:"start_date"`
		EndDate     *tljsDate `json:"end_date"`
		DisplayDate string    `json:"display_date"`
		Group       string    `json:"group"`
		Text        *struct {
			Headline string `json:"headline"`
			Text     string `json:"text"`
		} `json:"text"`
	} `json:"events"`
}

// readTimelineJS checks the shape TimelineJS3 documents for its JSON: an
// events list of slides, each with a start_date holding a numeric year.
func readTimelineJS(t *testing.T, rec *httptest.ResponseRecorder) timelineJS {
	t.Helper()
	var tl timelineJS
	dec := json.NewDecoder(rec.Body)
	if err := dec.Decode(&tl); err != nil {
		t.Fatalf("timelinejs: %v", err)
	}
	if tl.Title == nil || !strings.Contains(tl.Title.Text.Text, "CC BY 4.0") {
		t.Error("timelinejs: no title slide with the licence")
	}
	ids := map[string]bool{}
	for _, e := range tl.Events {
		if e.StartDate == nil || e.StartDate.Year == nil {
			t.Errorf("timelinejs: event %s has no start_date.year", e.UniqueID)
		}
		if e.Text == nil || e.Text.Headline == "" || e.DisplayDate == "" || e.Group == "" {
			t.Errorf("timelinejs: event %s lacks text, display_date or group", e.UniqueID)
		}
		if ids[e.UniqueID] || e.UniqueID == "" {
			t.Errorf("timelinejs: unique_id %q repeated or empty", e.UniqueID)
		}
		ids[e.UniqueID] = true
	}
	return tl
}

// readICS parses the calendar with a real iCalendar parser, after checking
// the line rules of RFC 5545 on the raw bytes: CRLF line ends, no line over
// 75 octets, no character split across a fold.
func readICS(t *testing.T, rec *httptest.ResponseRecorder) *ical.Calendar {
	t.Helper()
	raw := rec.Body.Bytes()
	if !bytes.HasSuffix(raw, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("ics: does not end with END:VCALENDAR CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(raw, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 {
			t.Errorf("ics: line %d is %d octets: %q", i+1, len(line), line)
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("ics: line %d holds a bare CR or LF", i+1)
		}
		if !utf8.Valid(line) {
			t.Errorf("ics: line %d splits a character: %q", i+1, line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("ics: %v", err)
	}
	return cal
}

func TestExportFieldsRoundTrip(t *testing.T) {
	f := newJournalistFixture(t)
	q := "place=Moscow"
	want := "https://timeline.test/events/" + strconv.FormatInt(f.full, 10) + "/"

	rows := readCSV(t, f.get(t, "/export/events.csv?"+q))
	header := "id,permalink,title,summary,type,start,end,precision,date_words,place,lat,lon,actors,sources,updated,version,licence"
	if got := strings.Join(rows[0], ","); got != header {
		t.Errorf("csv header = %s", got)
	}
	row := map[string]string{}
	for i, k := range rows[0] {
		row[k] = rows[1][i]
	}
	checks := map[string]string{"title": trickyTitle, "summary": "Line one, with a comma;\nline two with \\ backslash and <b>tags</b>.",
		"start": "2022-09-24", "date_words": "24 September 2022", "lat": "55.7558", "lon": "37.6173",
		"actors": "Mothers' Council; OVD-Info", "version": "1", "licence": "CC BY 4.0", "precision": "day"}
	for k, v := range checks {
		if row[k] != v {
			t.Errorf("csv %s = %q, want %q", k, row[k], v)
		}
	}
	if !strings.HasPrefix(row["permalink"], want) {
		t.Errorf("csv permalink = %q", row["permalink"])
	}
	var sources []map[string]any
	if err := json.Unmarshal([]byte(row["sources"]), &sources); err != nil || len(sources) != 1 ||
		sources[0]["url"] != "https://example.org/detained?id=1&x=2" || sources[0]["quote_verbatim"] != true {
		t.Errorf("csv sources = %s (%v)", row["sources"], err)
	}

	js := readJSON(t, f.get(t, "/export/events.json?"+q))
	e := js.Events[0]
	if e.Title != trickyTitle || *e.Lat != 55.7558 || len(e.Sources) != 1 ||
		e.Sources[0].Archive != "https://web.archive.org/web/20220925/https://example.org/detained?id=1&x=2" {
		t.Errorf("json event = %+v", e)
	}

	g := readGeoJSON(t, f.get(t, "/export/events.geojson?"+q))
	if c := g.Features[0].Geometry.Coordinates; c[0] != 37.6173 || c[1] != 55.7558 {
		t.Errorf("geojson coordinates = %v, want longitude first", c)
	}

	tl := readTimelineJS(t, f.get(t, "/export/timelinejs.json?"+q))
	te := tl.Events[0]
	if te.UniqueID != strconv.FormatInt(f.full, 10) || te.Group != "Protest" || te.DisplayDate != "24 September 2022" ||
		*te.StartDate.Day != 24 || te.EndDate != nil {
		t.Errorf("timelinejs event = %+v", te)
	}
	if strings.Contains(te.Text.Text, "<b>") || !strings.Contains(te.Text.Text, "&lt;b&gt;") {
		t.Errorf("timelinejs text is not escaped HTML: %q", te.Text.Text)
	}
	// A month-precise event is year and month, nothing finer.
	month := readTimelineJS(t, f.get(t, "/export/timelinejs.json?type=recruitment")).Events[0]
	if month.StartDate.Month == nil || *month.StartDate.Month != 10 || month.StartDate.Day != nil || month.EndDate != nil {
		t.Errorf("timelinejs month event: start %+v end %+v", month.StartDate, month.EndDate)
	}

	cal := readICS(t, f.get(t, "/export/events.ics?"+q))
	ev := cal.Events()[0]
	for prop, want := range map[string]string{ical.PropDateTimeStart: "20220924", ical.PropDateTimeEnd: "20220925"} {
		got := ev.Props.Get(prop)
		if got == nil || got.Value != want || got.ValueType() != ical.ValueDate {
			t.Errorf("ics %s = %+v, want the all-day date %s", prop, got, want)
		}
	}
	for prop, want := range map[string]string{ical.PropSummary: trickyTitle, ical.PropLocation: "Moscow"} {
		got := ev.Props.Get(prop)
		if got == nil {
			t.Errorf("ics %s missing", prop)
			continue
		}
		if text, err := got.Text(); err != nil || text != want {
			t.Errorf("ics %s = %q (%v), want %q", prop, text, err, want)
		}
	}
	if got, err := ev.Props.Text(ical.PropDescription); err != nil || !strings.Contains(got, "Line one, with a comma;\nline two with \\ backslash") {
		t.Errorf("ics description = %q (%v)", got, err)
	}
	if got := ev.Props.Get(ical.PropUID); got == nil || got.Value != fmt.Sprintf("event-%d@timeline.test", f.full) {
		t.Errorf("ics UID = %+v", got)
	}
	if got := cal.Props.Get(ical.PropDescription); got == nil || !strings.Contains(got.Value, "CC BY 4.0") {
		t.Errorf("ics calendar description (the licence) = %+v", got)
	}
}

func TestExportBadInput(t *testing.T) {
	f := newJournalistFixture(t)
	for target, says := range map[string]string{
		"/export/events.csv?type=picnic":                   "not an event type",
		"/export/events.json?from=never":                   "not a date",
		"/export/events.ics?q=" + strings.Repeat("x", 300): "limited to",
		"/export/events.geojson?place=%zz":                 "malformed",
	} {
		rec := f.get(t, target)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), says) {
			t.Errorf("%s: %d, want 400 saying %q", target, rec.Code, says)
		}
	}
	if rec := f.get(t, "/export/events.xlsx"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown export: %d, want 404", rec.Code)
	}
}

func TestCitations(t *testing.T) {
	f := newJournalistFixture(t)
	f.store.Now = func() time.Time { return time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC) }
	id := f.ids["yak"]
	path := fmt.Sprintf("/events/%d/cite?format=", id)
	url := "https://timeline.test/events/2/women-protest-in-yakutsk"

	bib := f.get(t, path+"bibtex")
	if ct := bib.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/x-bibtex") {
		t.Errorf("bibtex type %q", ct)
	}
	fields := readBibTeX(t, bib.Body.String())
	for k, v := range map[string]string{"type": "misc", "url": url, "urldate": "2025-05-01",
		"title": "{Women protest in Yakutsk, 25 September 2022}", "author": "{Timeline}", "version": "revision 2"} {
		if fields[k] != v {
			t.Errorf("bibtex %s = %q, want %q", k, fields[k], v)
		}
	}
	// What TeX would read as commands is escaped.
	tricky := readBibTeX(t, f.get(t, fmt.Sprintf("/events/%d/cite?format=bibtex", f.ids["xss"])).Body.String())
	if tricky["title"] != `{<script>alert("x")</script> \& friends, 21–27 September 2022}` {
		t.Errorf("bibtex title = %q", tricky["title"])
	}

	ris := f.get(t, path+"ris").Body.String()
	tags := readRIS(t, ris)
	for k, v := range map[string]string{"TY": "ELEC", "UR": url, "Y2": "2025/05/01/", "TI": "Women protest in Yakutsk, 25 September 2022", "ET": "revision 2"} {
		if tags[k] != v {
			t.Errorf("ris %s = %q, want %q", k, tags[k], v)
		}
	}

	var csl []struct {
		ID, Type, Title, URL, Version string
		Accessed                      struct {
			DateParts [][]int `json:"date-parts"`
		} `json:"accessed"`
		Author []map[string]string `json:"author"`
	}
	if err := json.Unmarshal(f.get(t, path+"csl-json").Body.Bytes(), &csl); err != nil || len(csl) != 1 {
		t.Fatalf("csl-json: %v", err)
	}
	if c := csl[0]; c.Type != "webpage" || c.URL != url || !slices.Equal(c.Accessed.DateParts[0], []int{2025, 5, 1}) || c.Author[0]["literal"] != "Timeline" {
		t.Errorf("csl-json = %+v", c)
	}

	for target, says := range map[string]string{path + "word": "bibtex, ris or csl-json", fmt.Sprintf("/events/%d/cite", id): "format is missing"} {
		if rec := f.get(t, target); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), says) {
			t.Errorf("%s: %d, want 400 saying %q", target, rec.Code, says)
		}
	}

	// The permalink shows the three styles, each naming site, title, date,
	// URL, revision, last update and the day it was accessed.
	d := doc(t, f.get(t, "/events/2/women-protest-in-yakutsk"))
	for _, style := range []string{"apa", "mla", "chicago"} {
		text := strings.Join(strings.Fields(d.Find(`[data-testid=citation-`+style+`] .citation-text`).Text()), " ")
		for _, part := range []string{"Timeline", "Women protest in Yakutsk", "25 September 2022", "revision 2", "2025"} {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(part)) {
				t.Errorf("%s citation %q lacks %q", style, text, part)
			}
		}
		if !strings.Contains(text, strings.TrimPrefix(url, "https://")) {
			t.Errorf("%s citation %q lacks the URL", style, text)
		}
	}
	if got := d.Find(`[data-testid=citation-mla] time[data-accessed]`).Text(); got != "1 May 2025" {
		t.Errorf("MLA accessed date = %q", got)
	}

	// A view is cited too, titled from its filters.
	view := readBibTeX(t, f.get(t, "/cite?format=bibtex&type=protest&from=2022-09&to=2022-09").Body.String())
	if !strings.HasPrefix(view["title"], "{Protest, September 2022: ") || view["url"] != "https://timeline.test/?from=2022-09&to=2022-09&type=protest" {
		t.Errorf("view citation = %v", view)
	}
}

var bibField = regexp.MustCompile(`(?m)^\s+(\w+)\s*=\s*(.*),$`)

// readBibTeX reads one entry: its type, its key, and its fields, checking
// that braces balance as BibTeX needs.
func readBibTeX(t *testing.T, s string) map[string]string {
	t.Helper()
	m := regexp.MustCompile(`^@(\w+)\{([\w-]+),\n`).FindStringSubmatch(s)
	if m == nil || !strings.HasSuffix(s, "}\n") {
		t.Fatalf("bibtex: not one entry:\n%s", s)
	}
	depth := 0
	for i, r := range s {
		if r == '{' && (i == 0 || s[i-1] != '\\') {
			depth++
		} else if r == '}' && (i == 0 || s[i-1] != '\\') {
			depth--
		}
		if depth < 0 {
			t.Fatalf("bibtex: unbalanced braces:\n%s", s)
		}
	}
	if depth != 0 {
		t.Fatalf("bibtex: unbalanced braces:\n%s", s)
	}
	out := map[string]string{"type": m[1], "key": m[2]}
	for _, f := range bibField.FindAllStringSubmatch(s, -1) {
		v := f[2]
		if strings.HasPrefix(v, "{") && strings.HasSuffix(v, "}") {
			v = v[1 : len(v)-1]
		}
		out[f[1]] = v
	}
	return out
}

// readRIS reads one RIS record: "TAG  - value" lines ending in CRLF, from
// TY to ER.
func readRIS(t *testing.T, s string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	tag := regexp.MustCompile(`^([A-Z][A-Z0-9])  - (.*)$`)
	out := map[string]string{}
	for i, l := range lines {
		m := tag.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("ris: line %d %q is not a tag line", i+1, l)
		}
		out[m[1]] = m[2]
	}
	if !strings.HasPrefix(lines[0], "TY  - ") || lines[len(lines)-1] != "ER  - " {
		t.Errorf("ris: record does not run from TY to ER")
	}
	return out
}

func TestShareCards(t *testing.T) {
	f := newJournalistFixture(t)
	d := doc(t, f.get(t, "/events/2/women-protest-in-yakutsk"))
	meta := func(d *goquery.Document, key string) string {
		return d.Find(`meta[property="`+key+`"], meta[name="`+key+`"]`).AttrOr("content", "")
	}
	for k, want := range map[string]string{
		"og:title":     "Women protest in Yakutsk · Timeline",
		"og:url":       "https://timeline.test/events/2/women-protest-in-yakutsk",
		"og:type":      "article",
		"og:site_name": "Timeline",
		"og:image":     "https://timeline.test/events/2/share.png?v=2",
		"twitter:card": "summary_large_image",
	} {
		if got := meta(d, k); got != want {
			t.Errorf("permalink %s = %q, want %q", k, got, want)
		}
	}
	if got := meta(d, "og:description"); got == "" {
		t.Error("permalink has no og:description")
	}
	oembed := d.Find(`link[rel=alternate][type="application/json+oembed"]`).AttrOr("href", "")
	if !strings.Contains(oembed, "url=https%3A%2F%2Ftimeline.test%2Fevents%2F2%2Fwomen-protest-in-yakutsk") {
		t.Errorf("oEmbed discovery = %q", oembed)
	}
	if d.Find(`link[rel=alternate][type="application/atom+xml"]`).Length() != 1 {
		t.Error("no feed autodiscovery on the permalink")
	}

	// A filtered view is titled from its filters.
	v := doc(t, f.get(t, "/?type=protest&place=Yakutsk&from=2022-09&to=2022-09"))
	if got, want := meta(v, "og:title"), "Protest in Yakutsk, September 2022: 1 event · Timeline"; got != want {
		t.Errorf("view og:title = %q, want %q", got, want)
	}
	if got := v.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "https://timeline.test/?from=2022-09&place=Yakutsk&to=2022-09&type=protest" {
		t.Errorf("view canonical = %q", got)
	}
	if got := v.Find(`link[rel=alternate][type="application/atom+xml"]`).AttrOr("href", ""); got != "/feed.atom?from=2022-09&place=Yakutsk&to=2022-09&type=protest" {
		t.Errorf("view feed = %q", got)
	}
	if got := meta(doc(t, f.get(t, "/")), "og:image"); got != "https://timeline.test/share.png" {
		t.Errorf("home og:image = %q", got)
	}
	// The same view in another order or on another page has one canonical URL.
	other := doc(t, f.get(t, "/?type=protest&to=2022-09&from=2022-09&place=Yakutsk&focus=2"))
	if got := other.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "https://timeline.test/?from=2022-09&place=Yakutsk&to=2022-09&type=protest" {
		t.Errorf("reordered view canonical = %q", got)
	}

	// The images decode at 1200×630; an event's is drawn once per version.
	for _, target := range []string{"/events/2/share.png?v=2", "/share.png?type=protest"} {
		rec := f.get(t, target)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" {
			t.Fatalf("%s: %d %q", target, rec.Code, rec.Header().Get("Content-Type"))
		}
		img, err := png.Decode(rec.Body)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
			t.Errorf("%s: %v, want 1200×630", target, b)
		}
	}
	if got := f.get(t, "/events/2/share.png?v=2").Header().Get("X-Image-Cache"); got != "hit" {
		t.Errorf("second request: X-Image-Cache %q, want hit", got)
	}
	if err := f.store.SetStatus(context.Background(), 2, 2, models.StatusPublished); err != nil {
		t.Fatal(err)
	}
	if got := f.get(t, "/events/2/share.png?v=3").Header().Get("X-Image-Cache"); got != "miss" {
		t.Errorf("after a new version: X-Image-Cache %q, want miss", got)
	}
	if rec := f.get(t, "/events/6/share.png"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/events/2/share.png?v=3" {
		t.Errorf("merged event's image: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestStructuredData(t *testing.T) {
	f := newJournalistFixture(t)
	rec := f.get(t, fmt.Sprintf("/events/%d", f.full))
	d := doc(t, f.get(t, rec.Header().Get("Location")))
	var ld map[string]any
	if err := json.Unmarshal([]byte(d.Find(`script[type="application/ld+json"]`).Text()), &ld); err != nil {
		t.Fatal(err)
	}
	if ld["@type"] != "Event" || ld["startDate"] != "2022-09-24" || ld["name"] != trickyTitle {
		t.Errorf("JSON-LD = %v", ld)
	}
	loc, _ := ld["location"].(map[string]any)
	geo, _ := loc["geo"].(map[string]any)
	if loc["name"] != "Moscow" || geo["latitude"] != 55.7558 || geo["longitude"] != 37.6173 {
		t.Errorf("JSON-LD location = %v", loc)
	}
	cites, _ := ld["citation"].([]any)
	if len(cites) != 1 || cites[0].(map[string]any)["url"] != "https://example.org/detained?id=1&x=2" {
		t.Errorf("JSON-LD citation = %v", ld["citation"])
	}
	// Month precision is written as a month.
	month := doc(t, f.get(t, "/events/8/recruitment-all-month"))
	var mld map[string]any
	json.Unmarshal([]byte(month.Find(`script[type="application/ld+json"]`).Text()), &mld)
	if mld["startDate"] != "2022-10" {
		t.Errorf("month event startDate = %v", mld["startDate"])
	}
	// The text cannot close the script element.
	xss := f.get(t, "/events/3/script-alert-x-script-friends").Body.String()
	if strings.Count(xss, "</script>") != strings.Count(xss, "<script") {
		t.Error("the JSON-LD let a title close its script element")
	}
}

func TestSources(t *testing.T) {
	f := newJournalistFixture(t)
	rec := f.get(t, fmt.Sprintf("/events/%d", f.full))
	d := doc(t, f.get(t, rec.Header().Get("Location")))
	if got := d.Find(`[data-testid=source-link]`).AttrOr("href", ""); got != "https://example.org/detained?id=1&x=2" {
		t.Errorf("source link = %q", got)
	}
	if got := d.Find(`[data-testid=source-archive]`).AttrOr("href", ""); got != "https://web.archive.org/web/20220925/https://example.org/detained?id=1&x=2" {
		t.Errorf("archive link = %q", got)
	}
	if !strings.Contains(d.Find(`[data-testid=source]`).Text(), "25 September 2022") {
		t.Error("the source's date is not shown")
	}
	plain := doc(t, f.get(t, "/events/2/women-protest-in-yakutsk"))
	if got := plain.Find(`[data-testid=source-no-link]`).Text(); got != "No public link is known for this report." {
		t.Errorf("a source without a URL says %q", got)
	}
	if plain.Find(`[data-testid=source-archive]`).Length() != 0 {
		t.Error("an archive link for a source without a URL")
	}
}

func TestEmbedsAndFraming(t *testing.T) {
	f := newJournalistFixture(t)
	for target, framable := range map[string]bool{
		"/embed?type=protest":                true,
		"/embed/events/2":                    true,
		"/":                                  false,
		"/events/2/women-protest-in-yakutsk": false,
		"/export/events.csv":                 false,
	} {
		rec := f.get(t, target)
		csp := rec.Header().Get("Content-Security-Policy")
		xfo := rec.Header().Get("X-Frame-Options")
		if framable && (!strings.Contains(csp, "frame-ancestors *") || xfo != "") {
			t.Errorf("%s: CSP %q, X-Frame-Options %q: want any site to frame it", target, csp, xfo)
		}
		if !framable && (!strings.Contains(csp, "frame-ancestors 'none'") || xfo != "DENY") {
			t.Errorf("%s: CSP %q, X-Frame-Options %q: want no framing", target, csp, xfo)
		}
		if framable && !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: the embed lost the strict script policy: %q", target, csp)
		}
	}
	card := doc(t, f.get(t, "/embed/events/2"))
	if got := card.Find(`base`).AttrOr("target", ""); got != "_blank" {
		t.Errorf("embed base target = %q", got)
	}
	if got := card.Find(`[data-testid=embed-open]`).AttrOr("href", ""); got != "https://timeline.test/events/2/women-protest-in-yakutsk" {
		t.Errorf("embed card links to %q", got)
	}
	view := doc(t, f.get(t, "/embed?type=protest"))
	if got := view.Find(`[data-testid=event]`).Length(); got != chronologyTotal(t, f.fixture, "type=protest") {
		t.Errorf("embed lists %d events", got)
	}
	if got := view.Find(`meta[name=robots]`).AttrOr("content", ""); got != "noindex" {
		t.Errorf("embed robots = %q", got)
	}
	if rec := f.get(t, "/embed/events/6"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/embed/events/2" {
		t.Errorf("merged embed: %d %q", rec.Code, rec.Header().Get("Location"))
	}

	// A framed view with a type nobody knows (an old embed code, a typo)
	// still shows its known types, with the notice the chronology gives.
	rec := f.get(t, "/embed?type=protest&type=parade")
	if rec.Code != http.StatusOK {
		t.Fatalf("embed with an unknown type: %d, want 200", rec.Code)
	}
	mixed := doc(t, rec)
	if got, want := mixed.Find(`[data-testid=event]`).Length(), chronologyTotal(t, f.fixture, "type=protest"); got != want {
		t.Errorf("embed with an unknown type lists %d events, want the %d protests", got, want)
	}
	if notice := mixed.Find(`[data-testid=type-notice]`).Text(); !strings.Contains(notice, "parade") {
		t.Errorf("embed notice %q does not name the unknown type", notice)
	}
	if view.Find(`[data-testid=type-notice]`).Length() != 0 {
		t.Error("an embed of known types shows a notice")
	}
}

func TestOEmbed(t *testing.T) {
	f := newJournalistFixture(t)
	ask := func(q url.Values) *httptest.ResponseRecorder { return f.get(t, "/oembed?"+q.Encode()) }
	permalink := "https://timeline.test/events/2/women-protest-in-yakutsk"
	type answer struct {
		Version, Type, Title, HTML string
		ProviderName               string `json:"provider_name"`
		Width, Height              int
	}
	read := func(rec *httptest.ResponseRecorder) answer {
		t.Helper()
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		var a answer
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := read(ask(url.Values{"url": {permalink}, "format": {"json"}}))
	if a.Version != "1.0" || a.Type != "rich" || a.ProviderName != "Timeline" || a.Title != "Women protest in Yakutsk" {
		t.Errorf("answer = %+v", a)
	}
	iframe := regexp.MustCompile(`^<iframe src="https://timeline\.test/embed/events/2" width="(\d+)" height="(\d+)" [^<>]*></iframe>$`)
	if !iframe.MatchString(a.HTML) {
		t.Errorf("html is not one iframe of the embed: %q", a.HTML)
	}
	for _, tt := range []struct {
		maxwidth string
		width    int
	}{{"300", 300}, {"0", 200}, {"-40", 200}, {"99999999999999999999999", 640}, {"5000", 640}, {"", 640}} {
		a := read(ask(url.Values{"url": {permalink}, "maxwidth": {tt.maxwidth}}))
		m := iframe.FindStringSubmatch(a.HTML)
		if a.Width != tt.width || m == nil || m[1] != strconv.Itoa(tt.width) {
			t.Errorf("maxwidth=%s: width %d, html %q; want %d", tt.maxwidth, a.Width, a.HTML, tt.width)
		}
	}
	if a := read(ask(url.Values{"url": {permalink}, "maxheight": {"100"}})); a.Height != 150 {
		t.Errorf("maxheight=100: height %d, want the least, 150", a.Height)
	}
	view := read(ask(url.Values{"url": {"https://timeline.test/?type=protest"}}))
	if !strings.Contains(view.HTML, `src="https://timeline.test/embed?type=protest"`) {
		t.Errorf("view html = %q", view.HTML)
	}
	for _, tt := range []struct {
		q      url.Values
		status int
	}{
		{url.Values{"url": {"https://elsewhere.example/events/2"}}, 404},
		{url.Values{"url": {"https://timeline.test/events/424242"}}, 404},
		{url.Values{"url": {"https://timeline.test/nowhere"}}, 404},
		{url.Values{"url": {"javascript:alert(1)"}}, 404},
		{url.Values{"url": {permalink}, "format": {"xml"}}, 501},
		{url.Values{"url": {permalink}, "format": {"yaml"}}, 400},
		{url.Values{"url": {permalink}, "maxwidth": {"wide"}}, 400},
		{url.Values{}, 400},
	} {
		if rec := ask(tt.q); rec.Code != tt.status {
			t.Errorf("%s: %d, want %d", tt.q.Encode(), rec.Code, tt.status)
		}
	}
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Rights  string   `xml:"rights"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestFeed(t *testing.T) {
	f := newJournalistFixture(t)
	read := func(target string) atomFeed {
		t.Helper()
		rec := f.get(t, target)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %q", target, rec.Code, rec.Header().Get("Content-Type"))
		}
		var feed atomFeed
		if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
			t.Fatal(err)
		}
		return feed
	}
	all := read("/feed.atom")
	if got, want := len(all.Entries), chronologyTotal(t, f.fixture, ""); got != want {
		t.Errorf("feed entries = %d, want %d", got, want)
	}
	if !strings.Contains(all.Rights, "CC BY 4.0") {
		t.Errorf("rights = %q", all.Rights)
	}
	protests := read("/feed.atom?type=protest&place=Yakutsk")
	if len(protests.Entries) != 1 || protests.Entries[0].Title != "Women protest in Yakutsk" ||
		protests.Entries[0].Link.Href != "https://timeline.test/events/2/women-protest-in-yakutsk" {
		t.Fatalf("filtered feed = %+v", protests.Entries)
	}
	id, updated := protests.Entries[0].ID, protests.Entries[0].Updated
	if !regexp.MustCompile(`^tag:timeline\.test,\d{4}-\d{2}-\d{2}:event-2$`).MatchString(id) {
		t.Errorf("entry id = %q", id)
	}
	// Nothing changed: the same feed, to the byte, whatever the clock says.
	f.store.Now = func() time.Time { return time.Now().Add(48 * time.Hour) }
	if again := read("/feed.atom?type=protest&place=Yakutsk"); again.Updated != protests.Updated || again.Entries[0].Updated != updated {
		t.Errorf("updated moved without a correction: %q → %q", protests.Updated, again.Updated)
	}
	// A correction moves updated and keeps the id; it comes first.
	if err := f.store.SetStatus(context.Background(), 2, 2, models.StatusPublished); err != nil {
		t.Fatal(err)
	}
	after := read("/feed.atom?type=protest&place=Yakutsk")
	if after.Entries[0].ID != id || after.Entries[0].Updated <= updated || after.Updated != after.Entries[0].Updated {
		t.Errorf("after a correction: id %q (was %q), updated %q (was %q), feed updated %q",
			after.Entries[0].ID, id, after.Entries[0].Updated, updated, after.Updated)
	}
	if first := read("/feed.atom").Entries[0]; first.ID != id {
		t.Errorf("the corrected event is not first: %q", first.ID)
	}
	if rec := f.get(t, "/feed.atom?type=picnic"); rec.Code != http.StatusBadRequest {
		t.Errorf("bad filter: %d", rec.Code)
	}
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func TestSitemapAndRobots(t *testing.T) {
	f := newJournalistFixture(t)
	rec := f.get(t, "/sitemap.xml")
	var s urlset
	if err := xml.Unmarshal(rec.Body.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if got, want := len(s.URLs), chronologyTotal(t, f.fixture, "")+1; got != want {
		t.Errorf("sitemap URLs = %d, want %d (every permalink and the chronology)", got, want)
	}
	for _, u := range s.URLs {
		if !strings.HasPrefix(u.Loc, "https://timeline.test/") {
			t.Errorf("relative or foreign URL %q", u.Loc)
		}
		if u.Loc != "https://timeline.test/" {
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("%s: lastmod %q", u.Loc, u.LastMod)
			}
			if r := f.get(t, strings.TrimPrefix(u.Loc, "https://timeline.test")); r.Code != http.StatusOK {
				t.Errorf("%s: %d, want every URL to answer 200 without a redirect", u.Loc, r.Code)
			}
		}
	}
	if rec := f.get(t, "/sitemap-1.xml"); rec.Code != http.StatusNotFound {
		t.Errorf("/sitemap-1.xml without an index: %d", rec.Code)
	}
	robots := f.get(t, "/robots.txt").Body.String()
	for _, line := range []string{"Disallow: /admin", "Sitemap: https://timeline.test/sitemap.xml"} {
		if !strings.Contains(robots, line+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", line, robots)
		}
	}
}

// Past 50,000 URLs (past models.SitemapPage, in fact) the sitemap is an
// index of sitemaps of at most models.SitemapPage URLs each.
func TestSitemapIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("inserts 50,001 events")
	}
	ctx := context.Background()
	store, err := models.Open(ctx, pgtest.New(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.BulkInsert(ctx, demo.Synthetic(50_001, 5)); err != nil {
		t.Fatal(err)
	}
	e, err := server.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)), server.Config{BaseURL: "https://timeline.test"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(target string) []byte {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d", target, rec.Code)
		}
		return rec.Body.Bytes()
	}
	var index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(get("/sitemap.xml"), &index); err != nil {
		t.Fatal(err)
	}
	if want := (50_001 + models.SitemapPage - 1) / models.SitemapPage; len(index.Sitemaps) != want {
		t.Fatalf("index lists %d sitemaps, want %d", len(index.Sitemaps), want)
	}
	total := 0
	seen := map[string]bool{}
	for _, s := range index.Sitemaps {
		var part urlset
		if err := xml.Unmarshal(get(strings.TrimPrefix(s.Loc, "https://timeline.test")), &part); err != nil {
			t.Fatal(err)
		}
		if len(part.URLs) > models.SitemapPage {
			t.Errorf("%s holds %d URLs", s.Loc, len(part.URLs))
		}
		for _, u := range part.URLs {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
		total += len(part.URLs)
	}
	if total != 50_001 {
		t.Errorf("the sitemaps list %d URLs, want 50,001", total)
	}
}

func TestAPIForOtherPeoplesCode(t *testing.T) {
	f := newJournalistFixture(t)
	var list struct {
		Events []struct{ URL, Path string } `json:"events"`
	}
	rec := f.get(t, "/api/v1/events?type=protest")
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Events) == 0 {
		t.Fatalf("events: %v", err)
	}
	for _, e := range list.Events {
		if !strings.HasPrefix(e.URL, "https://timeline.test/events/") || "https://timeline.test"+e.Path != e.URL {
			t.Errorf("url %q, path %q", e.URL, e.Path)
		}
	}
	for target, cors := range map[string]bool{
		"/api/v1/events": true, "/api/v1/events/2": true, "/api/v1/histogram": true,
		"/export/events.csv": true, "/feed.atom": true, "/oembed?url=https%3A%2F%2Ftimeline.test%2F": true,
		"/": false, "/events/2/women-protest-in-yakutsk": false,
	} {
		got := f.get(t, target).Header().Get("Access-Control-Allow-Origin")
		if cors != (got == "*") {
			t.Errorf("%s: Access-Control-Allow-Origin %q", target, got)
		}
	}
}

// Every GET route answers HEAD too, with the GET's status and no body,
// over a real connection.
func TestHeadOnEveryGetRoute(t *testing.T) {
	f := newJournalistFixture(t)
	e := f.h.(*echo.Echo)
	ts := httptest.NewServer(e)
	defer ts.Close()
	params := strings.NewReplacer(":id", "2", ":slug", "women-protest-in-yakutsk", ":n", "1.xml", "*", "css/app.css")
	seen := 0
	for _, r := range e.Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		seen++
		path := params.Replace(r.Path)
		get, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		get.Body.Close()
		req, _ := http.NewRequest(http.MethodHead, ts.URL+path, nil)
		head, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(head.Body)
		head.Body.Close()
		if head.StatusCode == http.StatusMethodNotAllowed || len(body) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes", path, head.StatusCode, len(body))
		}
		// Redirects are followed by GET; HEAD stops at the first answer.
		if head.StatusCode/100 == 2 && get.StatusCode != head.StatusCode {
			t.Errorf("HEAD %s: %d, GET %d", path, head.StatusCode, get.StatusCode)
		}
	}
	if seen < 20 {
		t.Errorf("only %d GET routes", seen)
	}
}
