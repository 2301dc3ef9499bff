package e2e

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"timeline/models"
)

// historyBody is an article written for these tests.
const historyBody = "Residents of Ulan-Ude gathered outside the enlistment office on Friday. Officers read out a list of names."

// newHistorySite is a site with curators and a published event corrected
// twice (its title carries markup, which must show as text), plus one
// withdrawn after publication.
func newHistorySite(t *testing.T) (*site, map[string]int64) {
	t.Helper()
	ids := map[string]int64{}
	s := newSite(t, func(ctx context.Context, store *models.Store) error {
		store.Passwords = models.NewHasher(models.HashParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 4, time.Second)
		for _, u := range []models.NewUser{
			{Email: "admin@example.org", Name: "Ada Admin", Role: models.RoleAdmin, Password: adminPassword},
			{Email: "editor@example.org", Name: "Eddie Editor", Role: models.RoleEditor, Password: adminPassword},
		} {
			if _, err := store.CreateUser(ctx, u); err != nil {
				return err
			}
		}
		q := "gathered outside the enlistment office"
		start := strings.Index(historyBody, q)
		cite := []models.Citation{{Source: &models.Source{Title: "Outside the office", Outlet: "Example Wire", Body: historyBody},
			Quote: q, QuoteStart: ptr(start), QuoteEnd: ptr(start + len(q))}}
		if _, err := store.ImportEvents(ctx, []models.NewEvent{
			{ImportKey: "h", Title: "Residents gather in Ulan-Ude", Type: "protest", Status: models.StatusPublished, DateStart: day("2022-09-23"), DateEnd: day("2022-09-23"), Precision: models.PrecisionDay, Confidence: 1, Citations: cite},
			{ImportKey: "g", Title: "A rumoured fire", Type: "arson", Status: models.StatusPublished, DateStart: day("2022-09-24"), DateEnd: day("2022-09-24"), Precision: models.PrecisionDay, Confidence: 1},
			{ImportKey: "x1", Title: "Machine draft kept", Type: "refusal", Status: models.StatusDraft, DateStart: day("2022-09-25"), DateEnd: day("2022-09-25"), Precision: models.PrecisionDay, Confidence: 0.8, ExtractorVersion: "e2e"},
			{ImportKey: "x2", Title: "Machine draft waiting", Type: "refusal", Status: models.StatusDraft, DateStart: day("2022-09-25"), DateEnd: day("2022-09-25"), Precision: models.PrecisionDay, Confidence: 0.6, ExtractorVersion: "e2e"},
		}); err != nil {
			return err
		}
		page, err := store.ListEvents(ctx, models.Filter{})
		if err != nil {
			return err
		}
		for _, e := range page.Events {
			ids[map[string]string{"protest": "h", "arson": "g"}[e.Type]] = e.ID
		}
		// The drafts follow the two published events, in import order.
		ids["x1"] = max(ids["h"], ids["g"]) + 1
		if _, err := store.Decide(ctx, ids["x1"], 1, models.StatusPublished, ""); err != nil {
			return err
		}
		as := models.WithCaller(ctx, models.Caller{Label: "editor@example.org"})
		ed := models.Edit{Title: "Residents of Ulan-Ude gather at the <em>enlistment office</em>", Type: "protest",
			DateStart: day("2022-09-23"), DateEnd: day("2022-09-23"), Precision: models.PrecisionDay, DateText: "on Friday",
			Actors: []string{"Residents of Ulan-Ude"}, Note: "The title now says where they gathered."}
		if _, err := store.Update(as, ids["h"], 1, ed); err != nil {
			return err
		}
		ed.Summary, ed.Note = "Officers read out a list of names <script>alert(1)</script>.", ""
		if _, err := store.Update(as, ids["h"], 2, ed); err != nil {
			return err
		}
		_, err = store.Decide(as, ids["g"], 1, models.StatusRejected, "No report confirms the fire.")
		return err
	})
	return s, ids
}

// TestHistoryScreens: the history with its differences, the corrected
// permalink and the withdrawn event's page, axe clean in light and dark,
// on a desktop and a phone.
func TestHistoryScreens(t *testing.T) {
	t.Parallel()
	s, ids := newHistorySite(t)
	b := newBrowser(t)
	h, g := strconv.FormatInt(ids["h"], 10), strconv.FormatInt(ids["g"], 10)
	pages := []struct {
		name, path, ready string
		admin             bool
	}{
		{"history", "/admin/events/" + h + "/history", "[data-testid=diff]", true},
		{"permalink", "/events/" + h, "[data-testid=corrections]", false},
		{"withdrawn", "/events/" + g, "[data-testid=gone-reason]", false},
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
				if p.admin {
					tb.open(s.URL + "/login?next=" + url.QueryEscape(p.path))
					tb.signInByKeyboard("editor@example.org", adminPassword)
				} else {
					tb.open(s.URL + p.path)
				}
				tb.waitPage(`document.querySelector("` + p.ready + `")`)
				tb.axe(c.name + " " + p.name)
				if w := eval[float64](tb, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); w > 0 {
					t.Errorf("%s scrolls sideways by %v px", p.name, w)
				}
				if n := eval[int](tb, `document.querySelectorAll("em, script:not([src]):not([type])").length`); n != 0 {
					t.Errorf("%s: markup from a title or summary became %d elements", p.name, n)
				}
				tb.screenshot("shot")
				if p.name == "withdrawn" {
					tb.noErrorsBut(410)
				} else {
					tb.noErrors()
				}
			})
		}
	}
}
