package e2e

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestTwoEditorsOneEvent: two browser contexts open one event's edit page.
// The second sees the first's soft lock; the first save wins; the second
// gets 409 with its own input kept and the first's change shown field by
// field, and can then save knowingly.
func TestTwoEditorsOneEvent(t *testing.T) {
	t.Parallel()
	s, ids := newHistorySite(t)
	b := newBrowser(t)
	id := strconv.FormatInt(ids["h"], 10)
	edit := "/admin/events/" + id + "/edit"

	one, two := b.tab(t, desktop), b.tab(t, desktop)
	one.open(s.URL + "/login?next=" + url.QueryEscape(edit))
	one.signInByKeyboard("editor@example.org", adminPassword)
	one.waitPage(`document.querySelector("[data-testid=full-edit-form]")`)
	two.open(s.URL + "/login?next=" + url.QueryEscape(edit))
	two.signInByKeyboard("admin@example.org", adminPassword)
	two.waitPage(`document.querySelector("[data-testid=full-edit-form]")`)
	if got := eval[string](two, `document.querySelector("[data-testid=edit-lock]").textContent`); !strings.Contains(got, "Being edited by Eddie Editor since ") {
		t.Errorf("the second editor does not see the first: %q", got)
	}
	// The first editor's page learns of the second by its heartbeat script.
	if eval[bool](one, `!document.querySelector("[data-testid=edit-lock]").hidden`) {
		t.Errorf("the first editor's lock notice shows before anyone else came")
	}
	eval[bool](one, `(() => { document.dispatchEvent(new Event("visibilitychange")); return true; })()`)
	one.wait(`(() => { const n = document.querySelector("[data-testid=edit-lock]"); return !n.hidden && n.textContent.includes("Being edited by Ada Admin since "); })()`)
	two.axe("edit page with a lock")
	two.screenshot("locked")

	setTitle := func(tb *tab, title string) {
		tb.t.Helper()
		eval[bool](tb, `(() => { document.getElementById("e-title").value = ""; return true; })()`)
		tb.do(chromedp.SendKeys(chromedp.ID("e-title"), title))
	}
	setTitle(one, "Residents of Ulan-Ude protest at the enlistment office")
	one.do(chromedp.Click(chromedp.CSS(`[data-testid=full-edit-save]`)))
	one.waitPage(`location.search === "?done=saved" && document.querySelector(".notice")`)

	setTitle(two, "Ulan-Ude: a crowd at the <em>office</em>")
	two.do(chromedp.SendKeys(chromedp.ID("e-datetext"), kb.End+" morning"))
	two.do(chromedp.Click(chromedp.CSS(`[data-testid=full-edit-save]`)))
	two.waitPage(`document.querySelector("[data-testid=edit-conflict]")`)
	if got := eval[string](two, `document.getElementById("e-title").value`); got != "Ulan-Ude: a crowd at the <em>office</em>" {
		t.Errorf("the refused editor's title was not kept: %q", got)
	}
	if got := eval[string](two, `document.getElementById("e-datetext").value`); got != "on Friday morning" {
		t.Errorf("the refused editor's date words were not kept: %q", got)
	}
	if got := eval[string](two, `[...document.querySelectorAll("[data-testid=conflict-row]")].map(r => r.querySelector("th").textContent + ": " + r.querySelector("td:last-child").textContent.trim()).join(" | ")`); got != "Title: Residents of Ulan-Ude protest at the enlistment office" {
		t.Errorf("the conflict shows %q, want the first editor's title only", got)
	}
	if n := eval[int](two, `document.querySelectorAll("main em").length`); n != 0 {
		t.Errorf("typed markup became elements")
	}
	two.axe("409")
	two.screenshot("conflict")
	ev, err := s.store.Event(context.Background(), ids["h"])
	if err != nil {
		t.Fatal(err)
	}
	if ev.Title != "Residents of Ulan-Ude protest at the enlistment office" || ev.DateText != "on Friday" {
		t.Errorf("after the race: %q, %q; want the first save exactly", ev.Title, ev.DateText)
	}
	// Having compared, the second editor saves over it knowingly.
	two.do(chromedp.Click(chromedp.CSS(`[data-testid=full-edit-save]`)))
	two.waitPage(`location.search === "?done=saved" && document.querySelector(".notice")`)
	if ev, err = s.store.Event(context.Background(), ids["h"]); err != nil || ev.Title != "Ulan-Ude: a crowd at the <em>office</em>" {
		t.Errorf("the second save after comparing: %v %q", err, ev.Title)
	}
	// The first editor leaves: the page's beacon ends their sitting.
	one.open(s.URL + "/admin")
	one.waitPage(`document.querySelector("[data-testid=extractor], [data-testid=extractor-empty]")`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		eds, err := s.store.Editors(context.Background(), ids["h"], 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(eds) == 1 && eds[0].Name == "Ada Admin" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the first editor left, the editors are %+v", eds)
		}
		time.Sleep(50 * time.Millisecond) // polling the beacon's arrival
	}
	one.noErrors()
	two.noErrorsBut(409)
}

// TestEditScreens: the edit page, a merged event's edit page and the
// dashboard's extractor record, axe clean, light and dark, desktop and phone.
func TestEditScreens(t *testing.T) {
	t.Parallel()
	s, ids := newHistorySite(t)
	ctx := context.Background()
	if _, err := s.store.MergeInto(ctx, ids["x1"]+1, 1, ids["h"]); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	pages := []struct{ name, path, ready string }{
		{"edit", "/admin/events/" + strconv.FormatInt(ids["h"], 10) + "/edit", "[data-testid=full-edit-form]"},
		{"merged", "/admin/events/" + strconv.FormatInt(ids["x1"]+1, 10) + "/edit", "[data-testid=merged-page]"},
		{"dashboard", "/admin", "[data-testid=extractor]"},
	}
	for _, c := range []struct {
		name string
		o    tabOptions
	}{
		{"desktop-light", tabOptions{width: 1440, height: 900}},
		{"desktop-dark", tabOptions{width: 1440, height: 900, dark: true}},
		{"phone-light", tabOptions{width: 390, height: 844}},
	} {
		for _, p := range pages {
			t.Run(c.name+"/"+p.name, func(t *testing.T) {
				tb := b.tab(t, c.o)
				tb.open(s.URL + "/login?next=" + url.QueryEscape(p.path))
				tb.signInByKeyboard("editor@example.org", adminPassword)
				tb.waitPage(`document.querySelector("` + p.ready + `")`)
				if p.name == "edit" {
					tb.do(chromedp.Click(chromedp.CSS(`[data-testid=new-place] > summary`)))
				}
				tb.axe(c.name + " " + p.name)
				if w := eval[float64](tb, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
					t.Errorf("%s scrolls sideways by %v px", p.name, w)
				}
				if n := eval[int](tb, `document.querySelectorAll("main em, main script").length`); n != 0 {
					t.Errorf("%s: markup from a title or summary became %d elements", p.name, n)
				}
				tb.screenshot("shot")
				tb.noErrors()
			})
		}
	}
}
