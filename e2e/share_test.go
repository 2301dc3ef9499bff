package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// foreignPage serves a page of another origin (another port) that frames
// the given URLs, as a newspaper would paste our embed code.
func foreignPage(t *testing.T, frames ...string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><head><title>The Daily Example</title></head><body>`+
			`<h1>The Daily Example</h1><p>Our reporting, with the chronology below.</p>`)
		for i, src := range frames {
			fmt.Fprintf(w, `<iframe id="f%d" src="%s" width="960" height="560" title="Chronology" `+
				`sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox" style="border:1px solid #ccc;max-width:100%%"></iframe>`, i, src)
		}
		fmt.Fprint(w, `</body></html>`)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// inFrame evaluates a JavaScript expression inside an iframe of the page
// until it is truthy, and returns it.
func inFrame[T any](tb *tab, frame *chromedp.Node, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Poll[T](expr, chromedp.WithPollingInFrame(frame),
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		tb.t.Fatalf("in frame: %.100s: %v", expr, err)
	}
	return v
}

// frameNode finds an iframe element of the page.
func frameNode(tb *tab, sel string) *chromedp.Node {
	tb.t.Helper()
	nodes, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSS(sel)))
	if err != nil || len(nodes) == 0 {
		tb.t.Fatalf("frame %s: %v", sel, err)
	}
	return nodes[0]
}

// clickInFrame clicks, with the mouse, the centre of an element of a frame.
func clickInFrame(tb *tab, frameSel string, frame *chromedp.Node, sel string) {
	tb.t.Helper()
	off := eval[[]float64](tb, `(() => { const r = document.querySelector(`+jsString(frameSel)+`).getBoundingClientRect();
		return [r.left + 1, r.top + 1]; })()`) // the 1px border
	in := inFrame[[]float64](tb, frame, `(() => { const e = document.querySelector(`+jsString(sel)+`);
		if (!e) return null; e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
		return r.width ? [r.left + r.width / 2, r.top + r.height / 2] : null; })()`)
	tb.do(chromedp.MouseClickXY(off[0]+in[0], off[1]+in[1]))
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

// newTab returns the URL of the tab that click opens. Links to
// target=_blank open without an opener, so the new tab is found among the
// browser's pages rather than as a child of this one.
func newTab(tb *tab, click func()) string {
	tb.t.Helper()
	pages := func() map[target.ID]string {
		infos, err := chromedp.Targets(tb.ctx)
		if err != nil {
			tb.t.Fatal(err)
		}
		out := map[target.ID]string{}
		for _, i := range infos {
			if i.Type == "page" {
				out[i.TargetID] = i.URL
			}
		}
		return out
	}
	before := pages()
	click()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for id, url := range pages() {
			if _, old := before[id]; !old && strings.HasPrefix(url, "http") {
				return url
			}
		}
		time.Sleep(50 * time.Millisecond) // polling the browser's list of tabs: there is no event without an opener
	}
	tb.t.Fatal("no new tab opened")
	return ""
}

// TestEmbedInForeignPage frames /embed on a page of another origin, moves
// the timeline inside the frame, opens an event and follows links out.
func TestEmbedInForeignPage(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	base := s.URL
	host := foreignPage(t, base+"/embed?type=protest&type=arson", base+"/events/"+fmt.Sprint(s.ids["yak"])+"/women-protest-in-yakutsk")
	b := newBrowser(t)
	tb := b.tab(t, tabOptions{width: 1100, height: 1400})
	tb.open(host)
	frame := frameNode(tb, "#f0")

	// The embed boots inside the frame: its timeline, its list, no site chrome.
	// "ready" is set by the first render that drew at a real width: a frame
	// still being laid out renders once at width 0 (drawn as a phone's hidden
	// timeline, not busy), which on a loaded machine can come before it.
	inFrame[bool](tb, frame, `(() => { const h = document.getElementById("timeline");
		return h.dataset.booted === "true" && h.dataset.ready === "true" && h.dataset.busy === "false"; })()`)
	got := inFrame[map[string]any](tb, frame, `({ items: document.querySelectorAll("#timeline .tl-item").length,
		listed: document.querySelectorAll("[data-testid=chronology] [data-testid=event]").length,
		header: !!document.querySelector(".site-header"), title: document.querySelector("[data-testid=embed-title]").textContent })`)
	if got["items"].(float64) < 1 || got["listed"].(float64) != 4 || got["header"] != false {
		t.Errorf("embed = %v, want the timeline, the four protests and arsons listed, no site header", got)
	}

	// Moving inside the frame works and keeps its state in the frame's own URL.
	before := inFrame[string](tb, frame, `location.search`)
	clickInFrame(tb, "#f0", frame, `.tl-tool[data-act="zoom-in"]`)
	after := inFrame[string](tb, frame, `(() => { const s = location.search; return s.includes("from=") && s !== `+jsString(before)+` ? s : ""; })()`)
	if !strings.Contains(after, "type=protest") {
		t.Errorf("after zooming the frame's URL is %q, want the filters kept", after)
	}
	if top := eval[string](tb, `location.href`); top != host+"/" {
		t.Errorf("the host page moved to %q", top)
	}

	// An event opens in the frame, and its page opens on our site in a new tab.
	clickInFrame(tb, "#f0", frame, `#timeline .tl-item`)
	id := inFrame[string](tb, frame, `(() => { const c = document.querySelector("[data-testid=event-card]");
		return c && !c.hidden && c.dataset.id && c.querySelector("[data-testid=card-permalink]") ? c.dataset.id : ""; })()`)
	if focus := inFrame[string](tb, frame, `new URLSearchParams(location.search).get("focus") || ""`); focus != id {
		t.Errorf("frame focus = %q, want the open event %s", focus, id)
	}
	page := newTab(tb, func() { clickInFrame(tb, "#f0", frame, `[data-testid=card-permalink]`) })
	if !strings.HasPrefix(page, base+"/events/"+id+"/") {
		t.Errorf("the event page opened at %q, want %s/events/%s/…", page, base, id)
	}

	// "Open this view" takes the view the reader moved to, open event and all.
	view := newTab(tb, func() { clickInFrame(tb, "#f0", frame, `[data-testid=embed-open]`) })
	for _, part := range []string{base + "/?", "type=protest", "type=arson", "from=", "focus=" + id} {
		if !strings.Contains(view, part) {
			t.Errorf("the view opened at %q, want it to hold %q", view, part)
		}
	}

	// Any other page refuses to be framed.
	blocked := frameNode(tb, "#f1")
	if href := inFrame[string](tb, blocked, `location.href`); strings.HasPrefix(href, base) {
		t.Errorf("the permalink loaded inside a foreign frame (%s)", href)
	}
	tb.noErrorsExcept("frame-ancestors 'none'")
}

// noErrorsExcept is noErrors for pages that log an expected error.
func (tb *tab) noErrorsExcept(expected string) {
	tb.t.Helper()
	tb.mu.Lock()
	var kept []string
	for _, m := range tb.console {
		if !strings.Contains(m, expected) {
			kept = append(kept, m)
		}
	}
	tb.console = kept
	tb.mu.Unlock()
	tb.noErrors()
}

// TestShareMenus uses the menus as a reader would: copy a citation, take
// the downloads of the view after moving it.
func TestShareMenus(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	tb := b.tab(t, desktop)
	tb.openReady(s.URL + "/?type=protest")
	// Moving the view changes what the menus download and cite.
	tb.do(chromedp.Click(chromedp.CSS(`.tl-tool[data-act="zoom-in"]`)))
	tb.wait(`new URLSearchParams(location.search).get("from")`)
	tb.do(chromedp.Click(chromedp.CSS(`[data-testid=download-menu] > summary`)))
	csv := eval[string](tb, `(() => { const a = document.querySelector("[data-testid=link-csv]");
		a.dispatchEvent(new PointerEvent("pointerdown", {bubbles: true})); return a.getAttribute("href"); })()`)
	want := eval[string](tb, `(() => { const q = new URLSearchParams(location.search); q.delete("focus"); return "/export/events.csv?" + q; })()`)
	if csv != want {
		t.Errorf("CSV link = %q, want the current view %q", csv, want)
	}
	tb.do(chromedp.Click(chromedp.CSS(`[data-testid=cite-menu] > summary`)))
	tb.wait(`!document.querySelector("[data-testid=cite-stale]").hidden`)
	bib := eval[string](tb, `document.querySelector("[data-testid=link-bibtex]").getAttribute("href")`)
	if !strings.HasPrefix(bib, "/cite?") || !strings.Contains(bib, "format=bibtex") || !strings.Contains(bib, "from=") {
		t.Errorf("BibTeX link = %q", bib)
	}
	// The accessed date is the reader's today, in each style's words.
	today := eval[string](tb, `(() => { const d = new Date(); return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0"); })()`)
	if got := eval[string](tb, `document.querySelector("[data-testid=citation-mla] time[data-accessed]").dateTime`); got != today {
		t.Errorf("accessed date = %q, want %q", got, today)
	}
	tb.do(chromedp.Click(chromedp.CSS(`[data-testid=embed-menu] > summary`)))
	code := eval[string](tb, `document.querySelector("[data-testid=embed-code]").value`)
	if !strings.HasPrefix(code, `<iframe src="https://timeline.test/embed?`) || !strings.Contains(code, "from=") || !strings.Contains(code, "type=protest") {
		t.Errorf("embed code = %q, want the current view", code)
	}
	tb.axe("chronology, menus open")
	tb.noErrors()

	// On the permalink the citation is open, with a copy button per style.
	tb2 := b.tab(t, desktop)
	tb2.open(s.URL + fmt.Sprintf("/events/%d/women-protest-in-yakutsk", s.ids["yak"]))
	tb2.wait(`document.querySelectorAll("[data-testid=cite-menu][open] button.copy:not([hidden])").length === 3`)
	tb2.axe("permalink")
	tb2.noErrors()
}

// TestShareScreens saves what a person sees of the share parts, at desktop
// and phone widths, light and dark, under artifacts/ for review.
func TestShareScreens(t *testing.T) {
	t.Parallel()
	s := newSmall(t)
	b := newBrowser(t)
	host := foreignPage(t, s.URL+"/embed?type=protest&type=arson", s.URL+fmt.Sprintf("/embed/events/%d", s.ids["yak"]))
	for _, dark := range []bool{false, true} {
		for _, width := range []int64{1440, 390} {
			name := fmt.Sprintf("%d-%s", width, map[bool]string{false: "light", true: "dark"}[dark])
			tb := b.tab(t, tabOptions{width: width, height: 900, dark: dark})
			tb.openReady(s.URL + "/?type=protest")
			eval[bool](tb, `(() => { document.querySelector("[data-testid=download-menu]").open = true; return true; })()`)
			tb.screenshot("chronology-download-" + name)
			tb.open(s.URL + fmt.Sprintf("/events/%d/women-protest-in-yakutsk", s.ids["yak"]))
			eval[bool](tb, `(() => { for (const d of document.querySelectorAll("[data-testid=share] details")) d.open = true; return true; })()`)
			tb.screenshot("permalink-share-" + name)
			tb.open(host)
			inFrame[bool](tb, frameNode(tb, "#f0"), `document.getElementById("timeline").dataset.booted === "true"`)
			tb.screenshot("embed-foreign-" + name)
			tb.close()
		}
	}
}
