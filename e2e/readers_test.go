package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"timeline/models"
)

// fieldsAndPeriod reads the URL's window, the From and To fields and the
// period written above the timeline, with the period the fields name in the
// same words (scale.rangeWords), so the test can compare them.
const fieldsAndPeriod = `(async () => {
  const scale = await import("/static/js/scale.js");
  const p = new URLSearchParams(location.search);
  const from = document.getElementById("f-from").value, to = document.getElementById("f-to").value;
  return { search: location.search, urlFrom: p.get("from") || "", urlTo: p.get("to") || "", from, to,
    period: document.querySelector("#timeline .tl-period").textContent,
    fieldsSay: from && to ? scale.rangeWords(scale.dayOf(from), scale.dayOf(to)) : "" };
})()`

type windowState struct {
	Search    string `json:"search"`
	URLFrom   string `json:"urlFrom"`
	URLTo     string `json:"urlTo"`
	From      string `json:"from"`
	To        string `json:"to"`
	Period    string `json:"period"`
	FieldsSay string `json:"fieldsSay"`
}

// TestFocusLinkKeepsTheReadersFilters: a focus link opens the event's card
// and writes no date into the URL or the From/To fields, whatever filters
// it carries; once the reader moves the timeline, the window goes into both,
// and the period above the timeline names exactly the days in From and To.
func TestFocusLinkKeepsTheReadersFilters(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	yak, cas := s.ids["yak"], s.ids["cas"]
	for _, tt := range []struct{ name, query string }{
		{"no filters", fmt.Sprintf("?focus=%d", yak)},
		// The timeline opens on 2022, where most events are: it moves to 2024 for this one.
		{"an event out of view", fmt.Sprintf("?focus=%d", cas)},
		{"with filters", fmt.Sprintf("?type=protest&q=Yakutsk&focus=%d", yak)},
		{"with filters, out of view", fmt.Sprintf("?type=casualties&type=protest&focus=%d", cas)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tb := b.tab(t, desktop)
			tb.openReady(s.URL + "/" + tt.query)
			tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return c && !c.hidden && !c.hasAttribute("aria-busy"); })()`)
			// The window is written 250 ms after the view settles: give it
			// several times that to (wrongly) happen.
			time.Sleep(1500 * time.Millisecond)
			tb.settle()
			got := eval[windowState](tb, fieldsAndPeriod)
			if got.Search != tt.query {
				t.Errorf("the URL became %q, want %q as the link gave it", got.Search, tt.query)
			}
			if got.From != "" || got.To != "" {
				t.Errorf("From/To = %q/%q, which the reader never typed", got.From, got.To)
			}
			if n := eval[int](tb, `document.querySelectorAll("[data-testid=chronology] article").length`); n == 0 {
				t.Error("the list is empty")
			}
			// The reader moves the view: now the window is theirs, in the URL
			// and the fields, and the period above the timeline agrees.
			x, y := plotPoint(tb, 0.37, 0.5)
			for i, move := range []func(){
				func() { tb.do(chromedp.Click(chromedp.CSS(`.tl-tool[data-act="zoom-out"]`))) },
				func() {
					tb.do(chromedp.MouseEvent(chromedp.MouseWheel, x, y, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, -130 }))
				},
				func() {
					tb.do(chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.Button("left")),
						chromedp.MouseEvent(chromedp.MouseMoved, x-37, y, chromedp.Button("left")),
						chromedp.MouseEvent(chromedp.MouseMoved, x-73, y, chromedp.Button("left")),
						chromedp.MouseEvent(chromedp.MouseReleased, x-73, y, chromedp.Button("left")))
				},
			} {
				before := eval[string](tb, `location.search`)
				move()
				tb.wait(fmt.Sprintf(`location.search !== %q && location.search.includes("from=")`, before))
				time.Sleep(400 * time.Millisecond)
				got := eval[windowState](tb, fieldsAndPeriod)
				if got.From != got.URLFrom || got.To != got.URLTo {
					t.Errorf("move %d: fields %s–%s, URL %s–%s", i, got.From, got.To, got.URLFrom, got.URLTo)
				}
				if got.Period != got.FieldsSay {
					t.Errorf("move %d: the timeline says %q, From/To (%s–%s) say %q", i, got.Period, got.From, got.To, got.FieldsSay)
				}
				if strings.Contains(tt.query, "type=") && !strings.Contains(got.Search, "type=protest") {
					t.Errorf("move %d: the filters were lost: %q", i, got.Search)
				}
			}
			tb.noErrors()
		})
	}
}

// TestFocusLinkScreens takes the focused page with scripts on, at 1440 and
// 390 px, light and dark, for people to look at, and runs axe on each.
func TestFocusLinkScreens(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	for _, o := range []tabOptions{{width: 1440, height: 900}, {width: 1440, height: 900, dark: true}, {width: 390, height: 844}, {width: 390, height: 844, dark: true}} {
		tb := b.tab(t, o)
		tb.openReady(fmt.Sprintf("%s/?type=casualties&type=protest&focus=%d", s.URL, s.ids["cas"]))
		tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return c && !c.hidden && !c.hasAttribute("aria-busy"); })()`)
		tb.settle()
		tb.screenshot(fmt.Sprintf("%d-dark-%v", o.width, o.dark))
		tb.axe(fmt.Sprintf("focus %d dark=%v", o.width, o.dark))
		if q := tb.query(); strings.Contains(q, "from=") {
			t.Errorf("%d px: the URL became %q", o.width, q)
		}
		tb.noErrors()
		tb.close()
	}
}

// TestUnknownTypeWithJavaScript: the page's notice stands, and the
// script leaves the unknown type out as the server did, so the timeline
// draws (the API would refuse the type) and the URL keeps the rest.
func TestUnknownTypeWithJavaScript(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	tb := b.tab(t, desktop)
	tb.openReady(s.URL + "/?type=nope&type=protest")
	if q := tb.query(); q != "?type=protest" {
		t.Errorf("the URL is %q, want ?type=protest", q)
	}
	got := eval[map[string]any](tb, `({ notice: (document.querySelector("[data-testid=type-notice]") || {}).textContent || "",
		error: document.getElementById("timeline").dataset.error || "",
		items: document.querySelectorAll("#timeline .tl-item").length,
		listed: document.querySelectorAll("[data-testid=chronology] article").length })`)
	if !strings.Contains(got["notice"].(string), "“nope”") {
		t.Errorf("notice %q", got["notice"])
	}
	if got["error"] != "" || got["items"].(float64) == 0 || got["listed"].(float64) != 2 {
		t.Errorf("timeline error %q, %v items drawn, %v events listed (want the 2 protests)", got["error"], got["items"], got["listed"])
	}
	tb.noErrors()
}

// manyRallies is a chronology of n protests, three a day from 1 March 2022,
// and one event reported on 7 August 2022 whose range opens on 31 July.
func manyRallies(n int) func(ctx context.Context, s *models.Store) error {
	return func(ctx context.Context, s *models.Store) error {
		src := &models.Source{Title: "Daily report", Outlet: "Example Wire", Body: "many",
			URL: ptr("https://example.org/daily"), PublishedAt: ptr(day("2022-03-01"))}
		var evs []models.NewEvent
		for i := range n {
			d := day("2022-03-01").AddDate(0, 0, i/3)
			evs = append(evs, models.NewEvent{ImportKey: fmt.Sprintf("r%d", i), Title: fmt.Sprintf("Rally number %d", i),
				Summary: "A rally.", Type: "protest", Status: models.StatusPublished, DateStart: d, DateEnd: d,
				Precision: models.PrecisionDay, Confidence: 1, Citations: []models.Citation{{Source: src, Quote: fmt.Sprintf("Rally %d.", i)}}})
		}
		evs = append(evs, models.NewEvent{ImportKey: "reported", Title: "Soldiers try to leave their units",
			Summary: "Reported by a lawyer.", Type: "refusal", Status: models.StatusPublished,
			DateStart: day("2022-07-31"), DateEnd: day("2022-08-07"), Precision: models.PrecisionReported,
			DateText: "reported in early August 2022", Confidence: 1, Citations: []models.Citation{{Source: src, Quote: "Soldiers tried to leave."}}})
		_, err := s.ImportEvents(ctx, evs)
		return err
	}
}

// axeWithoutScripts runs axe-core on a page loaded with scripts off. axe
// needs timers, so scripts are turned back on first: the page's own scripts
// were skipped as it loaded and do not run now. The tab is done after it.
func axeWithoutScripts(tb *tab, label string) {
	tb.t.Helper()
	must(tb.t, call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}))
	if eval[bool](tb, `document.documentElement.classList.contains("js")`) {
		tb.t.Fatal("the page's script ran")
	}
	tb.axe(label)
}

// listRows is every listed event as "month heading | datetime | words | title".
const listRows = `[...document.querySelectorAll("[data-testid=chronology] article")].map((a) =>
  [a.closest("li.month").querySelector("h2").textContent, a.querySelector("time").getAttribute("datetime"),
   a.querySelector("time").textContent, a.querySelector("[data-testid=event-link]").textContent].join(" | "))`

// TestPagingWithoutJavaScript: with scripts off, the reader pages through
// the whole chronology with "Later events" and back with "Earlier events";
// a focused month says where it starts and offers the events before it and
// "Show everything"; an unknown type is a notice naming the types.
func TestPagingWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := newSite(t, manyRallies(420))
	b := newBrowser(t)
	tb := b.tab(t, tabOptions{width: 1440, height: 900, noScript: true})
	// click follows a link from the keyboard (a pointer would chase the
	// link while months out of sight are laid out around it) and waits for
	// the next page, polling the location: the old page's context goes.
	click := func(testid string) {
		t.Helper()
		href := eval[string](tb, `document.querySelector("[data-testid=`+testid+`]").href`)
		tb.do(chromedp.Focus(chromedp.CSS(`[data-testid=`+testid+`]`)), chromedp.KeyEvent("\r"))
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			loc, err := chromedp.Run(tb.ctx, chromedp.Location())
			if err == nil && loc == href {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("following %s did not reach %s: at %s (%v)", testid, href, loc, err)
			}
		}
		tb.do(chromedp.WaitVisible(chromedp.CSS(`[data-testid=chronology]`)))
	}
	first := func() string {
		return eval[string](tb, `document.querySelector("[data-testid=event-link]").textContent`)
	}
	count := func() int {
		return eval[int](tb, `document.querySelectorAll("[data-testid=chronology] article").length`)
	}
	has := func(testid string) bool {
		return eval[bool](tb, `!!document.querySelector("[data-testid=`+testid+`]")`)
	}

	tb.open(s.URL + "/")
	if has("prev-page") {
		t.Error("the first page offers earlier events")
	}
	var firsts []string
	seen := 0
	for range 5 {
		firsts = append(firsts, first())
		seen += count()
		if !has("next-page") {
			break
		}
		click("next-page")
		if !has("prev-page") {
			t.Fatalf("page %d has no Earlier events link", len(firsts)+1)
		}
	}
	if seen != 421 || len(firsts) != 3 {
		t.Errorf("paged through %d events in %d pages, want 421 in 3", seen, len(firsts))
	}
	for i := len(firsts) - 2; i >= 0; i-- {
		click("prev-page")
		if got := first(); got != firsts[i] {
			t.Errorf("back to page %d: it starts with %q, want %q", i+1, got, firsts[i])
		}
		if !has("next-page") {
			t.Errorf("back on page %d: no Later events link", i+1)
		}
	}
	if has("prev-page") {
		t.Error("back on the first page, it still offers earlier events")
	}

	// A focused month, without scripts.
	rep, err := s.store.ListEvents(context.Background(), models.Filter{Types: []string{"refusal"}})
	if err != nil || len(rep.Events) != 1 {
		t.Fatalf("the reported event: %v", err)
	}
	// A tab lives 90 s: each part of the walk has its own.
	tb.close()
	tb = b.tab(t, tabOptions{width: 1440, height: 900, noScript: true})
	tb.open(fmt.Sprintf("%s/?focus=%d", s.URL, rep.Events[0].ID))
	status := eval[string](tb, `document.querySelector("[data-testid=result-count]").textContent`)
	if !strings.Contains(status, "from August 2022 on") {
		t.Errorf("status %q does not say where the list starts", status)
	}
	if v := eval[string](tb, `document.getElementById("f-from").value + document.getElementById("f-to").value`); v != "" {
		t.Errorf("the date fields hold %q on a focus link", v)
	}
	rows := eval[[]string](tb, listRows)
	want := "August 2022 | 2022-08-07 | reported 7 August 2022 | Soldiers try to leave their units"
	found := false
	for _, r := range rows {
		found = found || r == want
	}
	if !found {
		t.Errorf("the reported event is not listed as %q: %q", want, rows)
	}
	for _, o := range []tabOptions{{width: 1440, height: 900}, {width: 1440, height: 900, dark: true}, {width: 390, height: 844}, {width: 390, height: 844, dark: true}} {
		o.noScript = true
		shot := b.tab(t, o)
		shot.open(fmt.Sprintf("%s/?focus=%d&type=nope", s.URL, rep.Events[0].ID))
		shot.screenshot(fmt.Sprintf("focused-%d-dark-%v", o.width, o.dark))
		axeWithoutScripts(shot, fmt.Sprintf("focused month %d dark=%v", o.width, o.dark))
		shot.close()
	}
	click("prev-page")
	lastRally := day("2022-03-01").AddDate(0, 0, 419/3).Format("2 January 2006")
	if got := eval[string](tb, `[...document.querySelectorAll("[data-testid=event-date]")].pop().textContent`); got != lastRally {
		t.Errorf("the events before the focused month end on %q, want %s", got, lastRally)
	}
	tb.open(fmt.Sprintf("%s/?focus=%d", s.URL, rep.Events[0].ID))
	click("show-everything")
	if q := eval[string](tb, `location.search`); q != "" || first() != "Rally number 0" {
		t.Errorf("Show everything went to %q, starting at %q", q, first())
	}

	// An unknown type: the page, with a notice in the types' own names.
	tb.close()
	tb = b.tab(t, tabOptions{width: 1440, height: 900, noScript: true})
	tb.open(s.URL + "/?type=prisoner-recruitment")
	notice := eval[string](tb, `(document.querySelector("[data-testid=type-notice]") || {}).textContent || ""`)
	if !strings.Contains(notice, "“prisoner-recruitment”") || !strings.Contains(notice, "Prisoner recruitment") || strings.Contains(notice, "prisoner_recruitment") {
		t.Errorf("notice %q", notice)
	}
	if count() == 0 {
		t.Error("no events under the notice")
	}
	axeWithoutScripts(tb, "unknown type, no JavaScript")
	tb.noErrors()
}

// TestListDatesAgree: the list the script draws files a reported event
// where the server does, with the same datetime and words.
func TestListDatesAgree(t *testing.T) {
	t.Parallel()
	s := newSite(t, manyRallies(0))
	b := newBrowser(t)
	server := b.tab(t, tabOptions{width: 1440, height: 900, noScript: true})
	server.open(s.URL + "/")
	want := eval[[]string](server, listRows)
	tb := b.tab(t, tabOptions{width: 1440, height: 900})
	tb.openReady(s.URL + "/?type=protest")
	// Filters applied in the page: the script redraws the list from the API.
	tb.do(chromedp.Click(chromedp.CSS(`input[name=type][value=protest]`)))
	tb.wait(`!location.search.includes("type=") && document.querySelectorAll("[data-testid=chronology] article").length === 1`)
	got := eval[[]string](tb, listRows)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) != 1 || !strings.HasPrefix(want[0], "August 2022 | 2022-08-07 | reported 7 August 2022") {
		t.Errorf("script's list %q, server's %q", got, want)
	}
	tb.noErrors()
}
