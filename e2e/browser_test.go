package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"timeline/demo"
	"timeline/models"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// xssTitle would run script if any page put it into HTML unescaped.
const xssTitle = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> & friends`

// small is a chronology of a few events of every kind of date, with sources,
// a place, and a title made of HTML.
type small struct {
	*site
	ids map[string]int64
}

func newSmall(t *testing.T) *small {
	t.Helper()
	src := &models.Source{Title: "Protests spread across the regions", Outlet: "Example Wire", Body: "Women protested in Yakutsk.",
		URL: ptr("https://example.org/protests"), PublishedAt: ptr(day("2022-09-27"))}
	ev := func(key, title, typ, start, end string, p models.Precision) models.NewEvent {
		return models.NewEvent{ImportKey: key, Title: title, Summary: "About " + title + ".", Type: typ,
			Status: models.StatusPublished, DateStart: day(start), DateEnd: day(end), Precision: p, Confidence: 1,
			Citations: []models.Citation{{Source: src, Quote: "Quoted evidence for " + key + "."}}}
	}
	yak := ev("yak", "Women protest in Yakutsk", "protest", "2022-09-25", "2022-09-25", models.PrecisionDay)
	yak.Place = &models.Place{Name: "Yakutsk", Kind: "city", CountryCode: "RU"}
	yak.Actors = []models.Actor{{Name: "Mothers' Council", Kind: "organisation"}}
	mak := ev("mak", "Protest in Makhachkala", "protest", "2022-09-25", "2022-09-25", models.PrecisionDay)
	mak.Place = &models.Place{Name: "Makhachkala", Kind: "city", CountryCode: "RU"}
	xss := ev("xss", xssTitle, "arson", "2022-09-21", "2022-09-27", models.PrecisionRange)
	xss.Summary = `<b>bold</b> <a href="javascript:window.__xss=3">link</a>`
	evs := []models.NewEvent{
		ev("jul", "Soldiers quit their contracts", "refusal", "2022-07-11", "2022-07-20", models.PrecisionMonthPart),
		ev("mob", "Partial mobilization announced", "mobilization", "2022-09-21", "2022-09-21", models.PrecisionDay),
		xss,
		ev("exo", "Queues at the Upper Lars crossing", "exodus", "2022-09-22", "2022-09-28", models.PrecisionWeek),
		yak,
		mak,
		ev("ars", "Enlistment office set on fire", "arson", "2022-09-26", "2022-09-26", models.PrecisionDay),
		ev("rec", "Recruitment drive in Moscow", "recruitment", "2023-03-01", "2023-03-31", models.PrecisionMonth),
		ev("cas", "Casualty figures published", "casualties", "2024-02-10", "2024-02-10", models.PrecisionDay),
	}
	s := &small{ids: map[string]int64{}}
	s.site = newSite(t, func(ctx context.Context, store *models.Store) error {
		if _, err := store.ImportEvents(ctx, evs); err != nil {
			return err
		}
		for i := int64(1); i <= int64(len(evs)); i++ {
			e, err := store.Event(ctx, i)
			if err != nil {
				return err
			}
			s.ids[*e.ImportKey] = e.ID
		}
		return nil
	})
	return s
}

// spanDays is the number of days the URL's window covers, or 0.
func spanDays(tb *tab) float64 {
	return eval[float64](tb, `(() => { const p = new URLSearchParams(location.search);
		if (!p.get("from") || !p.get("to")) return 0;
		return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1; })()`)
}

// plotPoint is a point inside the plot, in viewport coordinates, after
// scrolling the timeline into view; fx and fy are fractions of its size.
func plotPoint(tb *tab, fx, fy float64) (float64, float64) {
	xy := eval[[]float64](tb, fmt.Sprintf(`(() => { const p = document.getElementById("tl-plot");
		p.scrollIntoView({block: "center"}); const r = p.getBoundingClientRect();
		return [r.left + r.width * %f, r.top + r.height * %f]; })()`, fx, fy))
	return xy[0], xy[1]
}

func TestTimeline(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)

	t.Run("load", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/")
		got := eval[map[string]any](tb, `(() => { const h = document.getElementById("timeline");
			return { hidden: h.hidden, items: h.querySelectorAll(".tl-item").length,
				lanes: h.querySelectorAll(".tl-lane").length, role: h.getAttribute("role"),
				plot: document.getElementById("tl-plot").getAttribute("aria-roledescription"),
				count: document.querySelector("[data-testid=result-count]").textContent.trim(),
				ticks: h.querySelectorAll(".tl-tick").length }; })()`)
		if got["hidden"] != false || got["role"] != "region" || got["plot"] != "timeline" {
			t.Errorf("timeline host = %v, want shown as a region with a timeline plot", got)
		}
		if n := got["items"].(float64); n < 5 {
			t.Errorf("items drawn = %v, want the events of the whole period", n)
		}
		if n := got["lanes"].(float64); n != 7 {
			t.Errorf("lanes = %v, want one per type with events (7)", n)
		}
		if n := got["ticks"].(float64); n < 3 {
			t.Errorf("axis ticks = %v, want some", n)
		}
		if !strings.Contains(got["count"].(string), "9 events") {
			t.Errorf("result count = %q", got["count"])
		}
		tb.noErrors()
	})

	t.Run("zoom", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/?from=2022-07-01&to=2022-12-31")
		before := spanDays(tb)
		unitBefore := eval[string](tb, `document.getElementById("timeline").dataset.unit`)
		tb.do(chromedp.Click(chromedp.CSS(`.tl-tool[data-act="zoom-in"]`)))
		tb.wait(fmt.Sprintf(`(() => { const p = new URLSearchParams(location.search); return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1 < %f; })()`, before*0.7))
		tb.do(chromedp.Click(chromedp.CSS(`.tl-tool[data-act="zoom-in"]`)), chromedp.Click(chromedp.CSS(`.tl-tool[data-act="zoom-in"]`)))
		tb.wait(fmt.Sprintf(`(() => { const p = new URLSearchParams(location.search); return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1 < %f; })()`, before/6))
		if u := eval[string](tb, `document.getElementById("timeline").dataset.unit`); u == unitBefore {
			t.Errorf("axis unit stayed %q after zooming in eightfold", u)
		}
		zoomed := spanDays(tb)
		// The wheel zooms out around the pointer.
		x, y := plotPoint(tb, 0.5, 0.5)
		tb.do(chromedp.MouseEvent(chromedp.MouseWheel, x, y, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, 400 }))
		tb.wait(fmt.Sprintf(`(() => { const p = new URLSearchParams(location.search); return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1 > %f; })()`, zoomed*1.3))
		// Keys zoom too.
		tb.do(chromedp.Focus(chromedp.CSS(`.tl-item[tabindex="0"]`)))
		wheeled := spanDays(tb)
		tb.keys("-")
		tb.wait(fmt.Sprintf(`(() => { const p = new URLSearchParams(location.search); return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1 > %f; })()`, wheeled*1.5))
		tb.noErrors()
	})

	t.Run("pan", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/?from=2022-09-01&to=2022-09-30")
		x, y := plotPoint(tb, 0.7, 0.97)
		// Drag to the left: the view moves later in time.
		tb.do(
			chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonType(input.MouseButtonLeft), func(p *input.DispatchMouseEventParams) { p.Buttons = 1; p.ClickCount = 1 }),
			chromedp.MouseEvent(chromedp.MouseMoved, x-100, y, func(p *input.DispatchMouseEventParams) { p.Buttons = 1; p.Button = input.MouseButtonLeft }),
			chromedp.MouseEvent(chromedp.MouseMoved, x-300, y, func(p *input.DispatchMouseEventParams) { p.Buttons = 1; p.Button = input.MouseButtonLeft }),
			chromedp.MouseEvent(chromedp.MouseReleased, x-300, y, chromedp.ButtonType(input.MouseButtonLeft), func(p *input.DispatchMouseEventParams) { p.ClickCount = 1 }),
		)
		tb.wait(`new URLSearchParams(location.search).get("from") > "2022-09-05"`)
		// Page Up moves back, by most of a screen.
		from := eval[string](tb, `new URLSearchParams(location.search).get("from")`)
		tb.do(chromedp.Focus(chromedp.CSS(`.tl-item[tabindex="0"]`)))
		tb.keys(kb.PageUp)
		tb.wait(fmt.Sprintf(`new URLSearchParams(location.search).get("from") < %q`, from))
		if got := spanDays(tb); got < 28 || got > 32 {
			t.Errorf("span after panning = %v days, want the 30 it was", got)
		}
		tb.noErrors()
	})

	t.Run("touch", func(t *testing.T) {
		tb := b.tab(t, tabOptions{width: 1024, height: 768, touch: true})
		tb.openReady(s.URL + "/?from=2022-07-01&to=2022-12-31")
		mid := func() float64 {
			return eval[float64](tb, `(() => { const p = new URLSearchParams(location.search);
				return (Date.parse(p.get("from")) + Date.parse(p.get("to"))) / 2 / 864e5; })()`)
		}
		before, centre := spanDays(tb), mid()
		// Two fingers moving apart from 40% and 60% of the plot to 20% and
		// 80%: three times as close, around the same day.
		fingers := func(steps int, from, to float64) {
			var path [][]point
			for i := 0; i <= steps; i++ {
				k := from + (to-from)*float64(i)/float64(steps)
				l, y := plotPoint(tb, 0.5-k, 0.97)
				r, _ := plotPoint(tb, 0.5+k, 0.97)
				path = append(path, []point{{l, y}, {r, y}})
			}
			tb.touch(path)
		}
		fingers(8, 0.1, 0.3)
		tb.wait(fmt.Sprintf(`(() => { const p = new URLSearchParams(location.search); return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1 < %f; })()`, before/2))
		if got := spanDays(tb); got < before/3.6 || got > before/2.5 {
			t.Errorf("after spreading two fingers threefold the span is %v days, want about %v", got, before/3)
		}
		if got := mid(); got < centre-4 || got > centre+4 {
			t.Errorf("the day between the fingers moved: centre %v, was %v", got, centre)
		}
		// Pinching back zooms out again.
		zoomed := spanDays(tb)
		fingers(8, 0.3, 0.1)
		tb.wait(fmt.Sprintf(`(() => { const p = new URLSearchParams(location.search); return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1 > %f; })()`, zoomed*2))
		// One finger drags the view, as the mouse does.
		from := eval[string](tb, `new URLSearchParams(location.search).get("from")`)
		x, y := plotPoint(tb, 0.7, 0.97)
		tb.touch([][]point{{{x, y}}, {{x - 100, y}}, {{x - 200, y}}, {{x - 300, y}}})
		tb.wait(fmt.Sprintf(`new URLSearchParams(location.search).get("from") > %q`, from))
		if sx := eval[float64](tb, `window.scrollX`); sx != 0 {
			t.Errorf("the page scrolled sideways by %v px under the fingers", sx)
		}
		tb.noErrors()
	})

	t.Run("filter and history", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/")
		tb.do(chromedp.Click(chromedp.CSS(`input[name=type][value=protest]`)))
		tb.wait(`location.search.includes("type=protest")`)
		allProtest := `(() => { const items = [...document.querySelectorAll("#timeline .tl-item")];
			const arts = [...document.querySelectorAll("[data-testid=chronology] article")];
			return items.length > 0 && arts.length === 2 && items.every(i => i.classList.contains("cat-protest"))
				&& arts.every(a => a.dataset.type === "protest"); })()`
		tb.wait(allProtest)
		tb.wait(`document.querySelector("[data-testid=result-count]").textContent.includes("2 events")`)
		tb.do(chromedp.NavigateBack())
		tb.wait(`!location.search.includes("type=") && document.querySelectorAll("[data-testid=chronology] article").length === 9`)
		tb.wait(`[...document.querySelectorAll("#timeline .tl-item")].some(i => !i.classList.contains("cat-protest"))`)
		if eval[bool](tb, `document.querySelector("input[name=type][value=protest]").checked`) {
			t.Error("the protest box is still ticked after going back")
		}
		tb.do(chromedp.NavigateForward())
		tb.wait(`location.search.includes("type=protest")`)
		tb.wait(allProtest)
		tb.noErrors()
	})

	t.Run("search", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/")
		tb.do(chromedp.SendKeys(chromedp.ID("f-q"), "Yakutsk\r"))
		tb.wait(`new URLSearchParams(location.search).get("q") === "Yakutsk"`)
		tb.wait(`(() => { const a = document.querySelectorAll("[data-testid=chronology] article");
			return a.length === 1 && a[0].textContent.includes("Women protest in Yakutsk"); })()`)
		// The list the script draws marks the match, as the server's does.
		tb.wait(`document.querySelector("[data-testid=chronology] [data-testid=event-link] mark")?.textContent === "Yakutsk"`)
		tb.wait(`(() => { const items = document.querySelectorAll("#timeline .tl-item");
			return items.length === 1 && items[0].getAttribute("aria-label").includes("Yakutsk"); })()`)
		tb.noErrors()
	})

	t.Run("typing while the view moves", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/?from=2022-07-01&to=2022-12-31")
		tb.do(chromedp.SendKeys(chromedp.ID("f-q"), "Yaku"))
		// The wheel zooms the timeline while the search field keeps focus;
		// the window written into the URL and the date fields must not
		// write over what is being typed.
		x, y := plotPoint(tb, 0.5, 0.5)
		tb.do(chromedp.MouseEvent(chromedp.MouseWheel, x, y, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, -300 }))
		tb.wait(`document.getElementById("f-from").value !== "2022-07-01"`)
		time.Sleep(300 * time.Millisecond)
		if got := eval[string](tb, `document.activeElement.id + "=" + document.activeElement.value`); got != "f-q=Yaku" {
			t.Errorf("after the view moved, the focused field holds %q, want f-q=Yaku", got)
		}
		tb.noErrors()
	})

	t.Run("places and actors", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/")
		tb.do(chromedp.Click(chromedp.CSS(`[data-testid=place-filter] > summary`)))
		tb.do(chromedp.Click(chromedp.CSS(`input[name=place][value=Yakutsk]`)))
		tb.wait(`new URLSearchParams(location.search).getAll("place").join() === "Yakutsk"`)
		tb.do(chromedp.Click(chromedp.CSS(`input[name=place][value=Makhachkala]`)))
		tb.wait(`new URLSearchParams(location.search).getAll("place").sort().join() === "Makhachkala,Yakutsk"`)
		twoPlaces := `(() => { const arts = [...document.querySelectorAll("[data-testid=chronology] article")];
			const items = document.querySelectorAll("#timeline .tl-item");
			return arts.length === 2 && items.length === 2 && arts.every(a => /Yakutsk|Makhachkala/.test(a.textContent)); })()`
		tb.wait(twoPlaces)
		tb.wait(`document.querySelector("[data-testid=place-filter] > summary").textContent === "Places: 2 selected"`)

		// Names are typed, several separated by commas, and apply on Enter.
		tb.do(chromedp.SendKeys(chromedp.ID("f-actor"), "Mothers' Council\r"))
		tb.wait(`new URLSearchParams(location.search).get("actor") === "Mothers' Council"`)
		tb.wait(`(() => { const a = document.querySelectorAll("[data-testid=chronology] article");
			return a.length === 1 && a[0].textContent.includes("Women protest in Yakutsk")
				&& document.querySelectorAll("#timeline .tl-item").length === 1; })()`)

		// Reloading keeps all of it, in the form too.
		tb.openReady(s.URL + "/" + tb.query())
		tb.wait(`document.querySelectorAll("[data-testid=chronology] article").length === 1`)
		got := eval[string](tb, `[...document.querySelectorAll("input[name=place]:checked")].map(i => i.value).sort().join() + " | " + document.getElementById("f-actor").value`)
		if got != "Makhachkala,Yakutsk | Mothers' Council" {
			t.Errorf("form after reload = %q", got)
		}
		tb.noErrors()
	})

	t.Run("focus by URL", func(t *testing.T) {
		tb := b.tab(t, desktop)
		id := s.ids["yak"]
		tb.openReady(fmt.Sprintf("%s/?focus=%d", s.URL, id))
		tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]");
			return c && !c.hidden && !c.hasAttribute("aria-busy") && c.querySelector("[data-testid=card-sources]"); })()`)
		got := eval[map[string]string](tb, `(() => { const c = document.querySelector("[data-testid=event-card]");
			const t = (s) => (c.querySelector(s) || {}).textContent || "";
			return { title: t("[data-testid=card-title]"), date: t("[data-testid=card-date]"), place: t("[data-testid=card-place]"),
				source: t("[data-testid=card-source]"), permalink: c.querySelector("[data-testid=card-permalink]").getAttribute("href"),
				current: (document.querySelector("#timeline .tl-item[aria-current=true]") || {dataset: {}}).dataset.id || "",
				focus: new URLSearchParams(location.search).get("focus") || "" }; })()`)
		want := map[string]string{"title": "Women protest in Yakutsk", "date": "25 September 2022", "place": "Yakutsk",
			"permalink": fmt.Sprintf("/events/%d/women-protest-in-yakutsk", id), "current": fmt.Sprint(id), "focus": fmt.Sprint(id)}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("card %s = %q, want %q", k, got[k], v)
			}
		}
		if !strings.Contains(got["source"], "Example Wire") || !strings.Contains(got["source"], "Quoted evidence for yak.") {
			t.Errorf("card source = %q, want the outlet and the quote", got["source"])
		}
		tb.noErrors()
	})

	t.Run("keyboard", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/?from=2022-09-15&to=2022-10-05")
		// Start from the last visible control of the filter form, just before the timeline.
		eval[bool](tb, `(() => { const f = [...document.querySelectorAll("[data-testid=filters] input, [data-testid=filters] button, [data-testid=filters] select, [data-testid=filters] summary")]
				.filter((e) => e.checkVisibility());
			f[f.length - 1].focus(); return document.activeElement === f[f.length - 1]; })()`)
		var path []string
		for i := 0; i < 12 && !eval[bool](tb, `document.activeElement.matches("#timeline .tl-item")`); i++ {
			tb.keys(kb.Tab)
			path = append(path, eval[string](tb, `document.activeElement.className || document.activeElement.tagName`))
		}
		first := eval[string](tb, `document.activeElement.matches(".tl-item") ? document.activeElement.dataset.key : ""`)
		if first == "" {
			t.Fatalf("Tab never reached an event in the timeline; it went through %q", path)
		}
		if !eval[bool](tb, `getComputedStyle(document.activeElement).outlineStyle !== "none"`) {
			t.Error("the focused event shows no outline")
		}
		tb.keys(kb.ArrowRight)
		second := eval[string](tb, `document.activeElement.dataset.key || ""`)
		if second == first || second == "" {
			t.Fatalf("ArrowRight moved focus from %q to %q", first, second)
		}
		tb.keys(kb.ArrowLeft)
		if got := eval[string](tb, `document.activeElement.dataset.key || ""`); got != first {
			t.Errorf("ArrowLeft came back to %q, want %q", got, first)
		}
		tb.keys(kb.ArrowRight)
		// Only one event is a tab stop (a roving tabindex).
		if n := eval[int](tb, `document.querySelectorAll("#timeline .tl-item[tabindex='0']").length`); n != 1 {
			t.Errorf("tab stops in the timeline = %d, want 1", n)
		}
		label := eval[string](tb, `document.activeElement.getAttribute("aria-label")`)
		tb.keys(kb.Enter)
		tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return !c.hidden && c.contains(document.activeElement); })()`)
		title := eval[string](tb, `document.querySelector("[data-testid=card-title]").textContent`)
		if !strings.Contains(label, title) {
			t.Errorf("card title %q is not the chosen event %q", title, label)
		}
		tb.wait(`new URLSearchParams(location.search).has("focus")`)
		tb.keys(kb.Escape)
		tb.wait(`document.querySelector("[data-testid=event-card]").hidden`)
		if got := eval[string](tb, `document.activeElement.dataset.key || document.activeElement.tagName`); got != second {
			t.Errorf("after Escape focus is on %q, want the event %q", got, second)
		}
		if eval[bool](tb, `new URLSearchParams(location.search).has("focus")`) {
			t.Error("focus stays in the URL after the card closed")
		}
		tb.noErrors()
	})

	t.Run("html in titles is text", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(fmt.Sprintf("%s/?focus=%d", s.URL, s.ids["xss"]))
		tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return !c.hidden && !c.hasAttribute("aria-busy"); })()`)
		got := eval[map[string]any](tb, `({ xss: window.__xss === undefined ? null : window.__xss,
			imgs: document.querySelectorAll("main img").length,
			scripts: document.querySelectorAll("main script").length,
			card: document.querySelector("[data-testid=card-title]").textContent,
			summary: document.querySelector("[data-testid=card-summary]").textContent,
			list: [...document.querySelectorAll("[data-testid=event-link]")].map(a => a.textContent).find(s => s.includes("friends")) || "",
			label: (document.querySelector("#timeline .tl-item[aria-label*=friends]") || {getAttribute: () => ""}).getAttribute("aria-label") })`)
		if got["xss"] != nil || got["imgs"].(float64) != 0 || got["scripts"].(float64) != 0 {
			t.Errorf("markup from a title ran or was parsed: %v", got)
		}
		for _, k := range []string{"card", "list"} {
			if got[k] != xssTitle {
				t.Errorf("%s shows %q, want the title as text %q", k, got[k], xssTitle)
			}
		}
		if !strings.Contains(got["summary"].(string), `<a href="javascript:`) {
			t.Errorf("summary = %q, want its markup shown as text", got["summary"])
		}
		if !strings.Contains(got["label"].(string), xssTitle) {
			t.Errorf("timeline label = %q, want the title as text", got["label"])
		}
		tb.noErrors()
	})
}

func TestNoJavaScript(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	tb := b.tab(t, tabOptions{width: 1366, height: 900, noScript: true})
	tb.open(s.URL + "/")
	nodes, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSSAll(`[data-testid=chronology] article`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 9 {
		t.Errorf("articles without JavaScript = %d, want 9", len(nodes))
	}
	host, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSS(`#timeline`)))
	if err != nil {
		t.Fatal(err)
	}
	if _, hidden := host[0].Attribute("hidden"); !hidden {
		t.Error("the timeline mount point shows without JavaScript")
	}
	// The GET form filters.
	tb.do(
		chromedp.Click(chromedp.CSS(`input[name=type][value=protest]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=filters] button[type=submit]`)),
	)
	deadline := time.Now().Add(10 * time.Second)
	for {
		loc, err := chromedp.Run(tb.ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, "type=protest") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the form did not submit: at %q (%v)", loc, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.do(chromedp.WaitVisible(chromedp.CSS(`[data-testid=chronology]`)))
	nodes, err = chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSSAll(`[data-testid=chronology] article`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 2 {
		t.Errorf("articles after filtering = %d, want the 2 protests", len(nodes))
	}
	for _, n := range nodes {
		if n.AttributeValue("data-type") != "protest" {
			t.Errorf("article of type %q after filtering protests", n.AttributeValue("data-type"))
		}
	}
}

func TestPhone(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	for _, dark := range []bool{false, true} {
		t.Run(map[bool]string{false: "light", true: "dark"}[dark], func(t *testing.T) {
			tb := b.tab(t, tabOptions{width: 390, height: 844, dark: dark, touch: true})
			tb.openReady(s.URL + "/")
			got := eval[map[string]any](tb, `({
				scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
				plot: document.getElementById("tl-plot").getBoundingClientRect().width,
				items: document.querySelectorAll("#timeline .tl-item").length,
				compact: document.getElementById("timeline").classList.contains("tl-compact"),
				overview: document.querySelector("[data-testid=overview]").getBoundingClientRect().width,
				sticky: getComputedStyle(document.querySelector(".month-heading")).position })`)
			if got["scroll"].(float64) > got["inner"].(float64) {
				t.Errorf("page scrolls sideways: scrollWidth %v > innerWidth %v", got["scroll"], got["inner"])
			}
			if w := got["plot"].(float64); w < 330 || !got["compact"].(bool) || got["items"].(float64) < 3 {
				t.Errorf("phone timeline: plot %vpx wide, compact %v, %v items; want one lane across the phone with the events", w, got["compact"], got["items"])
			}
			if w := got["overview"].(float64); w < 300 {
				t.Errorf("overview strip width = %v, want it across the phone", w)
			}
			if got["sticky"] != "sticky" {
				t.Errorf("month headings are %v, want sticky", got["sticky"])
			}
			tb.screenshot("first-screen")
			// Touch: one finger sideways pans, two fingers spread zoom, a
			// vertical swipe scrolls the page, a tap opens the event.
			before := spanDays(tb) // 0: the URL has no window yet
			x, y := plotPoint(tb, 0.75, 0.5)
			tb.touch([][]point{{{x, y}}, {{x - 40, y}}, {{x - 100, y}}, {{x - 160, y}}})
			tb.wait(`new URLSearchParams(location.search).has("from")`)
			panned := spanDays(tb)
			if before != 0 || panned == 0 {
				t.Errorf("span before %v, after a sideways swipe %v days; want the URL to get the panned window", before, panned)
			}
			var path [][]point
			for i := 0; i <= 8; i++ {
				k := 0.08 + 0.3*float64(i)/8
				l, y := plotPoint(tb, 0.5-k, 0.5)
				r, _ := plotPoint(tb, 0.5+k, 0.5)
				path = append(path, []point{{l, y}, {r, y}})
			}
			tb.touch(path)
			tb.wait(fmt.Sprintf(`(() => { const p = new URLSearchParams(location.search); return (Date.parse(p.get("to")) - Date.parse(p.get("from"))) / 864e5 + 1 < %f; })()`, panned/2))
			if sx := eval[float64](tb, `window.scrollX`); sx != 0 {
				t.Errorf("the page scrolled sideways by %v px under the fingers", sx)
			}
			tb.settle()
			x, y = plotPoint(tb, 0.5, 0.6)
			y0 := eval[float64](tb, `window.scrollY`)
			tb.touch([][]point{{{x, y}}, {{x, y - 30}}, {{x, y - 80}}, {{x, y - 140}}, {{x, y - 200}}})
			tb.wait(fmt.Sprintf(`window.scrollY > %f + 40`, y0))
			// A tap on an event opens its card as a sheet, and the event stays in sight above it.
			tb.openReady(s.URL + "/?from=2022-09-18&to=2022-09-30")
			xy := eval[[]float64](tb, `(() => { const b = document.querySelector("#timeline .tl-item[data-id]"); b.scrollIntoView({block: "end"});
				const r = b.getBoundingClientRect(); return [r.left + Math.min(6, r.width / 2), r.top + r.height / 2]; })()`)
			tb.touch([][]point{{{xy[0], xy[1]}}})
			tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return !c.hidden && !c.hasAttribute("aria-busy"); })()`)
			tb.settle()
			eval[bool](tb, stillCard)
			r := eval[map[string]float64](tb, `(() => { const c = document.querySelector("[data-testid=event-card]");
				const b = document.querySelector("#timeline .tl-item[data-id='" + c.dataset.id + "']"); const r = b.getBoundingClientRect();
				return { top: r.top, bottom: r.bottom, card: c.getBoundingClientRect().top, h: innerHeight }; })()`)
			if r["top"] < 0 || r["bottom"] > r["card"] {
				t.Errorf("the tapped event is at %v–%v px, the card's sheet starts at %v: want the event above it", r["top"], r["bottom"], r["card"])
			}
			tb.screenshot("card")
			tb.axe("phone card")
			tb.noErrors()
		})
	}
}

// TestPhoneFilterFold: at 390 px the filter form is one "Filter" line that
// names what is chosen, and the first event of the list is on the first
// screen; opened, the form filters as before; without JavaScript the fold
// works too. On a desktop the form shows whole, with no fold.
func TestPhoneFilterFold(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	type fold struct {
		Open      bool    `json:"open"`
		Summary   bool    `json:"summary"` // the fold's line shows
		Fields    bool    `json:"fields"`  // the search field shows
		Line      string  `json:"line"`
		FirstEnd  float64 `json:"firstEnd"` // bottom of the first listed event's title
		Height    float64 `json:"height"`
		PlotEnd   float64 `json:"plotEnd"`
		Timeline  bool    `json:"timeline"`
		TypeShown bool    `json:"typeShown"`
	}
	const read = `(() => { const f = document.querySelector("[data-testid=filter-fold]");
		const first = document.querySelector("[data-testid=chronology] article .event-title");
		const plot = document.getElementById("tl-plot");
		return { open: f.open, summary: f.querySelector("summary").checkVisibility(), fields: document.getElementById("f-q").checkVisibility(),
			line: document.querySelector("[data-testid=active-filters]").textContent.trim(),
			firstEnd: first.getBoundingClientRect().bottom + scrollY, height: innerHeight,
			plotEnd: plot ? plot.getBoundingClientRect().bottom + scrollY : 0, timeline: !!plot && plot.checkVisibility(),
			typeShown: document.querySelector("input[name=type][value=protest]").checkVisibility() }; })()`
	for _, c := range []struct {
		name string
		o    tabOptions
	}{
		{"light", tabOptions{width: 390, height: 844, touch: true}},
		{"dark", tabOptions{width: 390, height: 844, touch: true, dark: true}},
		{"no script", tabOptions{width: 390, height: 844, touch: true, noScript: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := b.tab(t, c.o)
			if c.o.noScript {
				tb.open(s.URL + "/")
				tb.do(chromedp.WaitVisible(chromedp.CSS(`[data-testid=chronology]`)))
			} else {
				tb.openReady(s.URL + "/")
			}
			f := eval[fold](tb, read)
			t.Logf("first screen: the first event's title ends at %.0f px of %.0f, the timeline's plot at %.0f", f.FirstEnd, f.Height, f.PlotEnd)
			if f.Open || !f.Summary || f.Fields || f.Line != "All events" {
				t.Errorf("fold on a phone: open %v, line shown %v (%q), fields shown %v; want closed, saying All events", f.Open, f.Summary, f.Line, f.Fields)
			}
			if f.FirstEnd > f.Height {
				t.Errorf("the first event's title ends %.0f px down, below the first screen of %.0f", f.FirstEnd, f.Height)
			}
			if !c.o.noScript && (!f.Timeline || f.PlotEnd > f.Height) {
				t.Errorf("the timeline (shown %v) ends %.0f px down; want it on the first screen", f.Timeline, f.PlotEnd)
			}
			if !c.o.noScript { // axe is a script: it runs in the tabs that allow them
				tb.axe("fold closed " + c.name)
			}
			tb.do(chromedp.Click(chromedp.CSS(`[data-testid=filter-fold] > summary`)))
			tb.wait(`document.querySelector("[data-testid=filter-fold]").open && document.getElementById("f-q").checkVisibility()`)
			tb.do(chromedp.Click(chromedp.CSS(`input[name=type][value=protest]`)))
			if c.o.noScript {
				tb.do(chromedp.Click(chromedp.CSS(`[data-testid=filters] button[type=submit]`)))
				for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
					loc, err := chromedp.Run(tb.ctx, chromedp.Location())
					if err == nil && strings.Contains(loc, "type=protest") {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("the form did not submit: at %q (%v)", loc, err)
					}
				}
				tb.do(chromedp.WaitVisible(chromedp.CSS(`[data-testid=chronology]`)))
			} else {
				tb.wait(`location.search.includes("type=protest")`)
				tb.settle()
			}
			tb.wait(`document.querySelector("[data-testid=active-filters]").textContent.trim() === "Protest"`)
			tb.screenshot("fold")
			if !c.o.noScript {
				tb.axe("fold open " + c.name)
				tb.noErrors()
			}
		})
	}
	t.Run("desktop", func(t *testing.T) {
		tb := b.tab(t, desktop)
		tb.openReady(s.URL + "/")
		f := eval[fold](tb, read)
		if f.Summary || !f.Fields || !f.TypeShown {
			t.Errorf("desktop form: fold line shown %v, fields shown %v, types shown %v; want the whole form and no fold", f.Summary, f.Fields, f.TypeShown)
		}
		tb.noErrors()
	})
}

func TestAccessibility(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	for _, c := range []struct {
		name string
		o    tabOptions
	}{
		{"desktop light", desktop},
		{"desktop dark", tabOptions{width: 1366, height: 900, dark: true}},
		{"phone light", tabOptions{width: 390, height: 844}},
		{"phone dark", tabOptions{width: 390, height: 844, dark: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := b.tab(t, c.o)
			tb.openReady(fmt.Sprintf("%s/?from=2022-09-10&to=2022-10-10&focus=%d", s.URL, s.ids["yak"]))
			tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return !c.hidden && !c.hasAttribute("aria-busy"); })()`)
			// One run covers the page, the timeline and the open card.
			tb.axe(c.name)
			tb.noErrors()
		})
	}
}

// TestScale fills the database with synthetic events and checks that the
// timeline stays within its DOM budget at every zoom; the render time and
// memory are logged, not asserted (they depend on the machine).
func TestScale(t *testing.T) {
	t.Parallel()
	const n = 20000
	start := time.Now()
	s := newSite(t, func(ctx context.Context, store *models.Store) error {
		_, err := store.BulkInsert(ctx, demo.Synthetic(n, 7))
		return err
	})
	t.Logf("%d synthetic events stored in %v", n, time.Since(start).Round(time.Millisecond))
	b := newBrowser(t)
	tb := b.tab(t, desktop)

	tb.openReady(s.URL + "/")
	timing := eval[map[string]float64](tb, `(() => { const nav = performance.getEntriesByType("navigation")[0];
		const ready = performance.getEntriesByName("timeline-ready")[0];
		return { response: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, timeline: ready ? ready.startTime : -1,
			heap: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1 }; })()`)
	t.Logf("with %d events: HTML received %.0f ms, DOM ready %.0f ms, timeline drawn %.0f ms after navigation; JS heap %.1f MB",
		n, timing["response"], timing["dcl"], timing["timeline"], timing["heap"])

	budget := func(label string) {
		t.Helper()
		got := eval[map[string]any](tb, `(() => { const h = document.getElementById("timeline");
			let text = 0; const w = document.createTreeWalker(h, NodeFilter.SHOW_ALL); while (w.nextNode()) text++;
			return { elements: h.querySelectorAll("*").length, nodes: text, items: h.querySelectorAll(".tl-item").length,
				mode: h.dataset.mode, unit: h.dataset.unit }; })()`)
		els, nodes := got["elements"].(float64), got["nodes"].(float64)
		t.Logf("%-28s %4.0f elements, %4.0f nodes, %4.0f items (%v, ticks by %v)", label, els, nodes, got["items"], got["mode"], got["unit"])
		if nodes > 1500 {
			t.Errorf("%s: %v DOM nodes in the timeline, over the budget of 1500", label, nodes)
		}
	}
	budget("everything")
	for _, w := range []string{"from=2022-01-01&to=2022-12-31", "from=2022-09-01&to=2022-10-31",
		"from=2022-09-15&to=2022-09-29", "from=2016-03-01&to=2016-03-10", "from=2022-09-21&to=2022-09-23"} {
		tb.openReady(s.URL + "/?" + w)
		tb.wait(`document.getElementById("timeline").dataset.mode !== "loading"`)
		time.Sleep(300 * time.Millisecond) // let the events of the view arrive
		budget(w)
	}
	// Zoom in step by step from everything, as a reader would.
	tb.openReady(s.URL + "/")
	for i := 0; i < 11; i++ {
		tb.do(chromedp.Click(chromedp.CSS(`.tl-tool[data-act="zoom-in"]`)))
		time.Sleep(350 * time.Millisecond)
		budget(fmt.Sprintf("zoomed in %d times", i+1))
	}
	heap := eval[float64](tb, `performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1`)
	t.Logf("JS heap after zooming: %.1f MB", heap)

	// At the closest zoom in a burst, a count still leads to its events.
	tb.openReady(s.URL + "/?from=2022-09-21&to=2022-09-23")
	tb.wait(`document.querySelector("#timeline .tl-cluster")`)
	tb.do(chromedp.Focus(chromedp.CSS(`#timeline .tl-cluster`)))
	tb.keys(kb.Enter)
	tb.wait(`document.querySelectorAll("[data-testid=card-list] button").length > 0`)
	tb.do(chromedp.Focus(chromedp.CSS(`[data-testid=card-list] button`)))
	tb.keys(kb.Enter)
	tb.wait(`(() => { const c = document.querySelector("[data-testid=event-card]"); return !c.hidden && c.dataset.id && c.querySelector("[data-testid=card-permalink]"); })()`)
	tb.noErrors()
}

// TestCountList: at the closest zoom, a count too dense to open lists its
// events, and exactly those it counted: the ones that start in its period,
// not the long ones already under way.
func TestCountList(t *testing.T) {
	t.Parallel()
	var evs []models.NewEvent
	add := func(i int, typ, start, end string, p models.Precision) {
		evs = append(evs, models.NewEvent{ImportKey: fmt.Sprint("e", i), Title: fmt.Sprint("Event ", i), Type: typ,
			Status: models.StatusPublished, DateStart: day(start), DateEnd: day(end), Precision: p, Confidence: 1})
	}
	types := []string{"protest", "arson", "exodus", "refusal", "mobilization"}
	for i := range 900 { // 60 a day and type over three days: too many to draw
		d := fmt.Sprintf("2022-09-%02d", 21+i%3)
		add(i, types[i/3%len(types)], d, d, models.PrecisionDay)
	}
	for i := range 40 { // under way since the 10th
		add(1000+i, "protest", "2022-09-10", "2022-09-30", models.PrecisionRange)
	}
	s := newSite(t, func(ctx context.Context, store *models.Store) error {
		_, err := store.BulkInsert(ctx, evs)
		return err
	})
	b := newBrowser(t)
	tb := b.tab(t, desktop)
	tb.openReady(s.URL + "/?from=2022-09-21&to=2022-09-23")
	tb.wait(`document.querySelector("#timeline .tl-cluster.tl-big.cat-protest")`)
	tb.do(chromedp.Focus(chromedp.CSS(`#timeline .tl-cluster.tl-big.cat-protest`)))
	if got := eval[string](tb, `document.activeElement.textContent`); got != "60" {
		t.Fatalf("the first day's protests count %q, want 60", got)
	}
	tb.keys(kb.Enter)
	tb.wait(`document.querySelectorAll("[data-testid=card-list] .card-pick").length > 0 && document.querySelector(".card-more").hidden`)
	if got := eval[int](tb, `document.querySelectorAll("[data-testid=card-list] .card-pick").length`); got != 60 {
		t.Errorf("a count of 60 listed %d events", got)
	}
	if got := eval[string](tb, `document.querySelector("[data-testid=card-title]").textContent`); !strings.HasPrefix(got, "60 Protest events") {
		t.Errorf("list title = %q", got)
	}
	tb.noErrors()
}

// TestModules checks the pure modules (time scale and ticks, URL state,
// layout, keyboard moves) in the browser that runs them, without a build step.
func TestModules(t *testing.T) {
	t.Parallel()
	s := newSite(t, func(context.Context, *models.Store) error { return nil })
	b := newBrowser(t)
	tb := b.tab(t, desktop)
	tb.open(s.URL + "/")
	got := eval[map[string]any](tb, `(async () => {
		const scale = await import("/static/js/scale.js");
		const state = await import("/static/js/state.js");
		const { layout } = await import("/static/js/layout.js");
		const { neighbour } = await import("/static/js/keyboard.js");
		const out = {};
		const d = scale.dayOf;
		out.dayRoundTrip = scale.isoOf(d("2022-09-21")) === "2022-09-21" && Number.isNaN(d("2022-02-30")) && Number.isNaN(d("x"));
		out.words = scale.dayWords(d("2022-09-21")) + " | " + scale.rangeWords(d("2022-09-01"), d("2022-09-14")) + " | " + scale.rangeWords(d("2022-12-30"), d("2023-01-02"));
		out.wholeWords = [["2022-09-01", "2022-09-30"], ["2022-07-01", "2022-09-30"], ["2021-11-01", "2022-02-28"], ["2022-01-01", "2022-12-31"], ["2020-01-01", "2029-12-31"]]
			.map(([a, b]) => scale.rangeWords(d(a), d(b))).join(" | ");
		// Count buckets by calendar unit: the first day of the unit holding a day, as the server's Floor says.
		const floors = [];
		for (const [unit, day] of [["day", "2022-09-21"], ["week", "2022-09-21"], ["week", "2022-01-02"], ["month", "2024-02-29"], ["quarter", "2022-09-30"], ["year", "2022-12-31"], ["decade", "2029-12-31"], ["decade", "1900-01-01"], ["month", "1899-12-15"], ["quarter", "1899-11-01"], ["week", "1899-12-31"]]) {
			const u = scale.unitNamed(unit), i = u.index(d(day));
			floors.push(scale.isoOf(u.start(i)) + (u.start(i + 1) - 1 >= d(day) && u.start(i) <= d(day) ? "" : "!"));
		}
		out.floors = floors.join(",");
		const U = (n) => scale.unitNamed(n);
		out.nests = [["day", "week"], ["week", "month"], ["month", "quarter"], ["quarter", "year"], ["year", "month"], ["month", "week"], ["decade", "decade"]]
			.map(([a, b]) => scale.nests(U(a), U(b)) ? 1 : 0).join("");
		out.bucketUnits = [[7, 1100], [60, 1100], [400, 1100], [1500, 1100], [4700, 1100], [30000, 1100]].map(([span, w]) => scale.bucketUnit({ start: 0, end: span }, w, 36).name).join(",");
		// The tick unit follows the zoom, and the count never exceeds what the width holds.
		const units = [];
		for (const [span, w] of [[3, 1100], [14, 1100], [60, 1100], [400, 1100], [1500, 1100], [4000, 1100], [14000, 1100], [14000, 300]]) {
			const v = { start: d("2022-01-01"), end: d("2022-01-01") + span };
			const tk = scale.ticks(v, w);
			const unit = scale.UNITS.find((u) => u.name === tk.unit);
			units.push(tk.unit);
			if (tk.minor.length > Math.ceil(w / unit.minPx) + 2) out.tooMany = tk.unit + " " + tk.minor.length;
		}
		out.units = units.join(",");
		const z = scale.zoomView({ start: 0, end: 100 }, 0.5, 0.25);
		out.zoomAnchor = Math.abs((z.start + (z.end - z.start) * 0.25) - 25) < 1e-9 && Math.abs(z.end - z.start - 50) < 1e-9;
		out.zoomLimit = scale.zoomView({ start: 0, end: 10 }, 0.01).end - scale.zoomView({ start: 0, end: 10 }, 0.01).start === scale.MIN_SPAN;
		// URL state: parse, write and parse again.
		const st = state.parseState("?type=protest&type=arson,exodus&place=Yakutsk&actor=Wagner,%20Mothers'%20Council&q=%20fire%20&from=2022-09&to=2022&focus=12&cursor=x");
		out.state = JSON.stringify({ ...st, from: scale.isoOf(st.from), to: scale.isoOf(st.to) });
		out.stateRoundTrip = state.toSearch(state.parseState(state.toSearch(st))) === state.toSearch(st);
		out.badState = JSON.stringify(state.parseState("?from=soon&focus=1e9&to=2022-13-01"));
		// Layout: 5,000 events on one day still make a bounded number of items.
		const evs = [];
		for (let i = 0; i < 5000; i++) evs.push({ id: i + 1, title: "E" + i, type: ["a", "b"][i % 2], typeName: "T", s: d("2022-09-21") + (i % 7), e: d("2022-09-21") + (i % 7) + (i % 3 ? 0 : 20), precision: i % 3 ? "day" : "range", words: "", place: "" });
		const lanes = [{ slug: "a", name: "A" }, { slug: "b", name: "B" }];
		out.budget = [1, 7, 30, 365].map((span) => layout({ mode: "events", events: evs }, { start: d("2022-09-20"), end: d("2022-09-20") + span }, 1100, lanes).items.length);
		const { items } = layout({ mode: "events", events: evs.slice(0, 40) }, { start: d("2022-09-20"), end: d("2022-10-20") }, 1100, lanes);
		let cur = items[0], steps = 0;
		while (cur && steps < 1000) { cur = neighbour(items, cur, "ArrowRight"); steps++; }
		out.walk = steps === items.length;
		const from = items.find((i) => i.lane === 0);
		const down = neighbour(items, from, "ArrowDown");
		out.down = !!down && (down.lane === 1 || (down.lane === 0 && down.track === from.track + 1));
		return out;
	})()`)
	want := map[string]any{
		"dayRoundTrip":   true,
		"words":          "21 September 2022 | 1–14 Sep 2022 | 30 Dec 2022 – 2 Jan 2023",
		"wholeWords":     "September 2022 | Jul – Sep 2022 | Nov 2021 – Feb 2022 | 2022 | 2020–2029",
		"floors":         "2022-09-21,2022-09-19,2021-12-27,2024-02-01,2022-07-01,2022-01-01,2020-01-01,1900-01-01,1899-12-01,1899-10-01,1899-12-25",
		"nests":          "1011001",
		"bucketUnits":    "day,week,month,quarter,year,decade",
		"units":          "day,day,week,month,quarter,year,5 years,decade",
		"zoomAnchor":     true,
		"zoomLimit":      true,
		"state":          `{"from":"2022-09-01","to":"2022-12-31","types":["protest","arson","exodus"],"places":["Yakutsk"],"actors":["Wagner","Mothers' Council"],"q":"fire","focus":12}`,
		"stateRoundTrip": true,
		"badState":       `{"from":null,"to":null,"types":[],"places":[],"actors":[],"q":"","focus":null}`,
		"walk":           true,
		"down":           true,
	}
	for k, v := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(v) {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if got["tooMany"] != nil {
		t.Errorf("too many ticks: %v", got["tooMany"])
	}
	for _, n := range got["budget"].([]any) {
		if n.(float64) > 900 || n.(float64) < 2 {
			t.Errorf("layout of 5,000 events gave %v items, want a few and at most 900", got["budget"])
		}
	}
	t.Logf("layout of 5,000 events at 1, 7, 30 and 365 days: %v items", got["budget"])
}
